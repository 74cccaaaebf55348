// What people type on a phone: full-width letters and digits from Chinese input methods,
// ideographic spaces, several spaces or none. Normalised before any parsing; Chinese
// punctuation inside notes is kept as typed.

const FULLWIDTH_START = 0xff01;
const FULLWIDTH_END = 0xff5e;
const FULLWIDTH_OFFSET = 0xfee0;
// Full-width punctuation that means the same as its ASCII twin when it separates fields.
const KEEP_FULLWIDTH = new Set(['，', '：', '；', '（', '）', '！', '？']);
// Control characters (C0 and C1) except line breaks and tabs; zero-width and bidi marks.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** Full-width ASCII letters, digits and symbols to half-width; keeps Chinese punctuation. */
export function toHalfWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= FULLWIDTH_START && code <= FULLWIDTH_END && !KEEP_FULLWIDTH.has(ch)) {
      out += String.fromCodePoint(code - FULLWIDTH_OFFSET);
    } else if (code === 0x3000) {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

/** One line: half-width, no invisible characters, single spaces, trimmed. */
export function normalizeLine(line: string): string {
  return toHalfWidth(line.replace(INVISIBLE, ''))
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** A whole message: every line normalised, empty lines dropped. */
export function normalizeMessage(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(normalizeLine)
    .filter((l) => l.length > 0)
    .join('\n');
}

/** Splits a `key：value` form line on the first ASCII or Chinese colon. */
export function splitKeyValue(line: string): [string, string] | undefined {
  const m = /^([^:：]{1,12})\s*[:：]\s*(.*)$/.exec(line);
  return m ? [m[1]!.trim(), m[2]!.trim()] : undefined;
}
