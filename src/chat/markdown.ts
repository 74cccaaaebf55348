// WeCom markdown for replies sent through the API, when the deployment says every member
// reads messages in the WeCom client (CHAT_MARKDOWN=true). Passive replies and members on
// WeChat (微工作台) get the plain text, which stays the source: colours are always named in
// words, the markdown only adds emphasis.

const MARKDOWN_SPECIAL = /([*_`#>[\]])/g;

/** The first line in bold; lines about something overdue or urgent in WeCom's warning colour. */
export function toMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line, i) => {
      const safe = line.replace(MARKDOWN_SPECIAL, '\\$1');
      if (i === 0) return `**${safe}**`;
      if (/逾期|强制报告|红色/.test(line)) return `<font color="warning">${safe}</font>`;
      return safe;
    })
    .join('\n');
}
