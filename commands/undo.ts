// 撤销: undoes my own last record within 10 minutes; it stays in the audit trail.
import { CaseworkRefusal } from '../src/casework/errors.js';
import { undoLast } from '../src/casework/undo.js';
import { type Command, EVERYONE, ok, refused } from '../src/chat/command.js';
import { formatChatDate } from '../src/chat/dates.js';

const WHAT: Record<string, string> = {
  'visit.create': '走访',
  'service.create': '服务',
  'assessment.create': '评估',
  'resource.create': '社会资源',
  'child.leave': '退出名册',
};

export const undo: Command = {
  name: 'undo',
  words: ['撤销', '撤回', '取消'],
  roles: EVERYONE,
  summary: '撤销我10分钟内的最后一条记录',
  example: '撤销',
  usage: '撤销',
  async run(_args, ctx) {
    try {
      const result = await undoLast(ctx.db, { id: ctx.user.id, via: ctx.via }, ctx.now);
      const child = await ctx.db.child.findUnique({ where: { id: result.childId }, select: { name: true } });
      const when = result.on ? ` ${formatChatDate(result.on, ctx.today)}` : '';
      return ok(
        'undo',
        `已撤销：${child?.name ?? ''}${when}的${WHAT[result.action] ?? '记录'}。撤销记录已留档。`,
      );
    } catch (err) {
      if (err instanceof CaseworkRefusal) return refused('undo', err.userMessage);
      throw err;
    }
  },
};
