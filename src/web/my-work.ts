// 我的待办: the list the chat command 待办 gives (same engine call, same horizon), as a
// sortable table with a link to each child's file.
import { waitingStepText } from '../casework/applications.js';
import { type ChildTodoItem, openReportsWhere, todoFor, waitingApplications } from '../casework/todo.js';
import { childScope, type StaffUser } from '../chat/scope.js';
import { todoLine } from '../chat/todo-lines.js';
import type { Db } from '../db/client.js';
import { CATEGORY_LABELS, type LocalDate } from '../policy/index.js';
import { type Html, html } from './html.js';

/** The horizon of 待办 (commands/todo.ts): overdue, and due within 7 days. */
const HORIZON_DAYS = 7;

const SORTS = {
  priority: '紧急程度',
  due: '截止日',
  child: '儿童',
} as const;
export type WorkSort = keyof typeof SORTS;

function dueOf(entry: ChildTodoItem): LocalDate {
  return entry.item.type === 'review' ? entry.item.reviewOn : entry.item.dueOn;
}

function sortItems(items: ChildTodoItem[], sort: WorkSort): ChildTodoItem[] {
  if (sort === 'priority') return items;
  const key = sort === 'due' ? dueOf : (e: ChildTodoItem) => e.childName;
  return [...items].sort((a, b) => key(a).localeCompare(key(b), 'zh-CN') || a.childId - b.childId);
}

export function parseSort(value: unknown): WorkSort {
  return typeof value === 'string' && Object.hasOwn(SORTS, value) ? (value as WorkSort) : 'priority';
}

export async function myWorkBody(db: Db, user: StaffUser, today: LocalDate, sort: WorkSort): Promise<Html> {
  const scope = childScope(user);
  const [items, reports, applications] = await Promise.all([
    todoFor(db, scope, today, HORIZON_DAYS),
    db.urgentReport.findMany({
      where: openReportsWhere(user),
      orderBy: { reportedAt: 'asc' },
      select: { id: true, childId: true, childName: true },
    }),
    waitingApplications(db, user),
  ]);
  const overdue = items.filter((i) => i.item.status === 'overdue').length;
  const rows = sortItems(items, sort)
    .slice(0, MAX_ROWS)
    .map((entry) => {
      const late = entry.item.status === 'overdue';
      return html`<tr${late ? html` class="overdue"` : ''}>
      <td><a href="/web/child/${entry.childId}">${entry.childName}</a></td>
      <td>${todoLine(entry, today).replace(/ → .*$/, '')}</td>
      <td>${late ? '已逾期' : '即将到期'}</td><td>${dueOf(entry)}</td></tr>`;
    });
  const sortLinks = (Object.keys(SORTS) as WorkSort[]).map((key) =>
    key === sort
      ? html`<strong>${SORTS[key]}</strong>`
      : html`<a href="/web/me?sort=${key}">${SORTS[key]}</a>`,
  );
  return html`
<p class="summary">逾期 <strong data-count="overdue">${overdue}</strong> 项，7天内到期 <strong data-count="upcoming">${items.length - overdue}</strong> 项</p>
${reports.map((r) =>
  r.childId === null
    ? html`<p class="notice">【强制报告 #${r.id}】${r.childName}（未建档）：未结案，请核实后登记或结案（R6.1）</p>`
    : html`<p class="notice">【强制报告 #${r.id}】<a href="/web/child/${r.childId}">${r.childName}</a>：未结案，请尽快评估（R6.1）</p>`,
)}
${applications.map((a) => html`<p class="notice">申请 #${a.id} ${a.applicantName}（${CATEGORY_LABELS[a.category]}）${a.receivedOn.toISOString().slice(0, 10)} 受理，${waitingStepText(a.status as 'received' | 'reviewed', a.steps.at(-1)?.result === '不通过')}（R5.1）</p>`)}
<p class="no-print">排序：${sortLinks.flatMap((l, i) => (i ? [html` · `, l] : [l]))}</p>
${
  rows.length
    ? html`<div class="table-wrap"><table class="work"><thead><tr><th>儿童</th><th>事项</th><th>状态</th><th>截止日</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p class="message">没有逾期或7天内到期的事项。</p>`
}
${items.length > MAX_ROWS ? html`<p class="muted">只列出前 ${MAX_ROWS} 项（共 ${items.length} 项）；各街道、各儿童主任的情况见<a href="/web/overview">概览</a>。</p>` : ''}`;
}

/** A district's list runs to thousands of lines; the page shows the most urgent first. */
const MAX_ROWS = 500;
