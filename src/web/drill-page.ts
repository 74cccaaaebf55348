// The lists behind the overview's numbers: children matching one measure, and the children
// paid in one street's month.
import { childScope, type StaffUser } from '../chat/scope.js';
import type { Db } from '../db/client.js';
import { tierBadge } from './child-page.js';
import { type Html, html } from './html.js';
import { DRILL_LIMIT, type DrillDown, type DrillRow, drillDownRows } from './overview-data.js';
import type { OverviewFrame } from './overview-facts.js';

/** What each measure lists, as a heading. */
export const MEASURE_TITLES: Record<string, string> = {
  total: '全部儿童',
  tier1: '红色（一级保护）',
  tier2: '黄色（二级保护）',
  tier3: '蓝色（三级保护）',
  tier4: '绿色（四级保护）',
  tier0: '尚未评估',
  C1: 'C1 孤儿',
  C2: 'C2 父母监护缺失',
  C3: 'C3 父母无力履行监护职责',
  C4: 'C4 重残、重病及流浪儿童',
  C5: 'C5 贫困家庭儿童',
  C6: 'C6 其他需要帮助的儿童',
  monthDue: '本月应走访',
  monthDone: '本月应走访且已走访',
  monthOpen: '本月应走访但尚未走访',
  quarterDue: '本季度应走访',
  quarterDone: '本季度应走访且已走访',
  quarterOpen: '本季度应走访但尚未走访',
  overdue: '走访逾期',
  reviewSoon: '14天内复评',
  reviewOverdue: '已过复评日',
  spot: '今年已入户抽查',
};

function row(r: DrillRow): Html {
  return html`<tr><td><a href="/web/child/${r.id}">${r.name}</a></td><td>${tierBadge(r.level || null)}</td>
    <td>${r.street} ${r.community}</td><td>${r.director ?? '无儿童主任'}</td>
    <td>${r.level ? (r.visit_done ? '本期已走访' : '本期未走访') : '—'}</td>
    <td class="num">${r.visit_overdue > 0 ? html`<span class="overdue">${r.visit_overdue}</span>` : '0'}</td>
    <td>${r.review_on ?? '—'}</td></tr>`;
}

export async function drillBody(
  db: Db,
  user: StaffUser,
  frame: OverviewFrame,
  drill: DrillDown,
): Promise<{ title: string; body: Html }> {
  const { rows, total } = await drillDownRows(db, user, frame, drill);
  const title = MEASURE_TITLES[drill.measure] ?? '儿童';
  const more =
    total > rows.length ? html`<p class="muted">共 ${total} 名，只列出前 ${DRILL_LIMIT} 名。</p>` : '';
  const body = html`<p><span data-count="total">${total}</span> 名儿童 · <a href="/web/overview">返回概览</a></p>${more}
${
  rows.length
    ? html`<div class="table-wrap"><table class="children"><thead><tr><th>儿童</th><th>等级</th><th>社区</th><th>儿童主任</th><th>本期走访</th><th class="num">逾期周期</th><th>复评日</th></tr></thead><tbody>${rows.map(row)}</tbody></table></div>`
    : html`<p class="message">没有符合条件的儿童。</p>`
}`;
  return { title, body };
}

/** R5.2 drill-down: the children paid in one street's month, within the person's scope. */
export async function paidBody(db: Db, user: StaffUser, streetId: number, month: string): Promise<Html> {
  // The street that paid the month (SubsidyPayment.streetId), so a child who moved since is still
  // on the list behind that street's number. Street staff and the district see the whole street's
  // month; a director sees their own children.
  const sameStreet = user.role === 'district' || (user.role !== 'director' && user.streetId === streetId);
  const payments = await db.subsidyPayment.findMany({
    where: { month: new Date(`${month}-01`), streetId, ...(sameStreet ? {} : { child: childScope(user) }) },
    include: { child: { include: { community: true } } },
    orderBy: { childId: 'asc' },
  });
  const rows = payments.map(
    (
      p,
    ) => html`<tr><td><a href="/web/child/${p.childId}">${p.child.name}</a></td><td>${p.child.community.name}</td>
      <td>${p.category}</td><td class="num">${p.amount.toFixed(2)}</td><td>${p.paidOn ? p.paidOn.toISOString().slice(0, 10) : '未发放'}</td></tr>`,
  );
  return html`<p><span data-count="total">${payments.length}</span> 名儿童 · <a href="/web/overview">返回概览</a></p>
${rows.length ? html`<div class="table-wrap"><table><thead><tr><th>儿童</th><th>社区</th><th>类别</th><th class="num">金额（元）</th><th>发放日</th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p class="message">没有发放记录。</p>`}`;
}
