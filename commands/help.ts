// 帮助 / ?: the commands this person may use, one example each.
import { type Command, EVERYONE, ok } from '../src/chat/command.js';
import { ROLE_LABEL } from '../src/chat/scope.js';

export function createHelp(all: () => readonly Command[]): Command {
  return {
    name: 'help',
    words: ['帮助', '?', '？', '菜单', '说明', 'help'],
    roles: EVERYONE,
    summary: '列出我可以使用的命令',
    example: '帮助',
    usage: '帮助',
    async run(_args, ctx) {
      const mine = all().filter((c) => c.name !== 'help' && c.roles.includes(ctx.user.role));
      const lines = [`${ctx.user.name}（${ROLE_LABEL[ctx.user.role]}），您可以发送：`];
      for (const c of mine) lines.push(`· ${c.words[0]}：${c.summary}\n  例：${c.example}`);
      lines.push('直接发送儿童姓名即可查询；日期可写 今天、昨天、周三、12月1日。');
      return ok('help', lines.join('\n'));
    },
  };
}

/** The short list shown when a message cannot be understood. */
export function commandHints(all: readonly Command[], role: Command['roles'][number]): string {
  return all
    .filter((c) => c.name !== 'help' && c.roles.includes(role))
    .slice(0, 6)
    .map((c) => c.example)
    .join('\n');
}
