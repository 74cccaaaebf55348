// 待办: what is overdue and due in the next 7 days in my scope, overdue first.
import { openReportsWhere, todoFor } from '../src/casework/todo.js';
import { type Command, EVERYONE, ok } from '../src/chat/command.js';
import { childScope } from '../src/chat/scope.js';
import { todoLine } from '../src/chat/todo-lines.js';
import { waitingApplications, waitingLine } from './application.js';

const MAX_LINES = 15;

export const todo: Command = {
  name: 'todo',
  words: ['待办', '待办事项', '今日待办', '任务', '提醒'],
  roles: EVERYONE,
  summary: '查看我负责的儿童中已逾期和7天内到期的事项',
  example: '待办',
  usage: '待办',
  async run(_args, ctx) {
    const scope = childScope(ctx.user);
    const [items, reports, applications] = await Promise.all([
      todoFor(ctx.db, scope, ctx.today, 7),
      ctx.db.urgentReport.findMany({
        where: openReportsWhere(ctx.user),
        orderBy: { reportedAt: 'asc' },
        select: { id: true, childName: true },
        take: 5,
      }),
      waitingApplications(ctx),
    ]);
    if (items.length === 0 && reports.length === 0 && applications.length === 0)
      return ok('todo', '没有逾期或7天内到期的事项。');

    const overdue = items.filter((i) => i.item.status === 'overdue').length;
    const lines = [`待办：逾期 ${overdue} 项，7天内到期 ${items.length - overdue} 项`];
    for (const r of reports) lines.push(`【强制报告 #${r.id}】${r.childName}：未结案，请尽快评估（R6.1）`);
    for (const entry of items.slice(0, MAX_LINES)) lines.push(todoLine(entry, ctx.today));
    // R5.1: applications waiting for a step, oldest first.
    for (const a of applications.slice(0, 5)) lines.push(waitingLine(a, ctx.today));
    if (applications.length > 5) lines.push(`……另有 ${applications.length - 5} 份申请待办，发送“申请”查看。`);
    if (items.length > MAX_LINES)
      lines.push(`……另有 ${items.length - MAX_LINES} 项未列出，可发送“查询 姓名”查看单个儿童。`);
    return ok('todo', lines.join('\n'));
  },
};
