// The child's file as a page: identity (masked unless revealed), categories, guardians, the
// tier timeline, duties, visits, services, resources, subsidy months, urgent reports, trail.
import { dayOf, loadHistories } from '../casework/history.js';
import { maskFreeText, maskIdNumber, maskPhone } from '../chat/mask.js';
import type { Db } from '../db/client.js';
import {
  ageOn,
  CATEGORY_LABELS,
  type CategoryCode,
  DUTY_LABELS,
  type DutyItem,
  dutiesFor,
  LEAVE_REASON_LABELS,
  LEVEL_LABELS,
  type Level,
  type LocalDate,
  PARENT_STATUS_LABELS,
  RESOURCE_KIND_LABELS,
  reviewReminder,
  SERVICE_RECIPIENT_LABELS,
  SERVICE_TYPE_LABELS,
  SEX_LABELS,
  STAFF_ROLE_LABELS,
  TIER_LABELS,
  VISIT_KIND_LABELS,
} from '../policy/index.js';
import type { ChildFile } from './child-data.js';
import { type Html, html } from './html.js';
import type { WebSessionUser } from './session.js';

/** Roles who register children and may see a whole ID or phone number on request. */
export const REVEAL_ROLES: ReadonlySet<string> = new Set(['street', 'supervisor', 'district']);

const URGENT_STATUS = { open: '未处理', acknowledged: '处理中', closed: '已结案' } as const;

const d = (date: Date | null | undefined): string => (date ? dayOf(date) : '');

/** An instant as Beijing time, e.g. 2026-12-03 10:05. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function tierBadge(level: number | null): Html {
  if (level === null) return html`<span class="tier tier-0">未评估</span>`;
  return html`<span class="tier tier-${level}">${TIER_LABELS[level as Level]}</span>`;
}

export interface ChildPageOptions {
  user: WebSessionUser;
  today: LocalDate;
  /** show the whole ID and phone numbers (after an audited request) */
  revealed: boolean;
}

/** The body of the child's file page. */
export async function childFileBody(db: Db, file: ChildFile, options: ChildPageOptions): Promise<Html> {
  const { today } = options;
  const history = (await loadHistories(db, [file.id])).get(file.id)!;
  const duties = dutiesFor(history, today);
  return html`
${options.revealed ? html`<p class="notice">完整身份证号和电话只在本次显示，已记入审计记录。</p>` : ''}
<div class="actions no-print">
  <button type="button" class="btn" data-print>打印档案</button>
  ${REVEAL_ROLES.has(options.user.role) && !options.revealed ? revealForm(file.id, options.user) : ''}
</div>
<div class="grid two">
  ${identity(file, options)}
  ${current(file, duties, history.lastAssessedOn, today)}
</div>
${categories(file)}
${guardians(file, options.revealed)}
${timeline(file)}
${visits(file)}
${services(file)}
${resources(file)}
${payments(file)}
${urgent(file)}
${trail(file)}
<p class="print-only">关爱通 一人一档 · ${file.street.name} ${file.community.name} · 打印人 ${options.user.name} · ${today}</p>`;
}

function revealForm(childId: number, user: WebSessionUser): Html {
  return html`<form method="post" action="/web/child/${childId}/reveal" class="inline">
    <input type="hidden" name="csrf" value="${user.csrfToken}">
    <button type="submit" class="btn">显示完整身份证号和电话（记入审计）</button>
  </form>`;
}

function identity(file: ChildFile, options: ChildPageOptions): Html {
  const id = options.revealed ? file.idNumber : maskIdNumber(file.idNumber);
  const left =
    file.registerStatus === 'left'
      ? `已于 ${d(file.leftOn)} 退出名册${file.leftReason ? `（${LEAVE_REASON_LABELS[file.leftReason]}）` : ''}`
      : '在册';
  return html`<section class="card"><h2>基本信息</h2><dl class="facts">
    <dt>姓名</dt><dd>${file.name}</dd>
    <dt>性别、年龄</dt><dd>${SEX_LABELS[file.sex]}，${ageOn(d(file.birthDate), options.today)}岁（${d(file.birthDate)}出生）</dd>
    <dt>身份证号</dt><dd data-field="id-number">${id}</dd>
    <dt>街道、社区</dt><dd>${file.street.name} ${file.community.name}</dd>
    <dt>儿童主任</dt><dd>${file.director?.name ?? '未分配'}</dd>
    <dt>父亲</dt><dd>${PARENT_STATUS_LABELS[file.fatherStatus]}${file.fatherStatusSince ? `（${d(file.fatherStatusSince)}起）` : ''}</dd>
    <dt>母亲</dt><dd>${PARENT_STATUS_LABELS[file.motherStatus]}${file.motherStatusSince ? `（${d(file.motherStatusSince)}起）` : ''}</dd>
    <dt>名册状态</dt><dd>${left}</dd>
  </dl></section>`;
}

function dutyRow(item: DutyItem): Html {
  const state =
    item.status === 'done'
      ? '已完成'
      : item.status === 'overdue'
        ? html`<span class="overdue">逾期 ${item.overdueDays} 天</span>`
        : `截止 ${item.dueOn}`;
  return html`<tr><td>${DUTY_LABELS[item.duty]}（${item.rule}）</td><td>${item.period.label}</td>
    <td class="num">${item.have}/${item.need}</td><td>${state}</td></tr>`;
}

function current(
  file: ChildFile,
  duties: ReturnType<typeof dutiesFor>,
  lastAssessedOn: LocalDate | undefined,
  today: LocalDate,
): Html {
  const level = duties.level;
  const review =
    level && duties.levelSince
      ? reviewReminder({ level, start: duties.levelSince }, today, lastAssessedOn)
      : null;
  const reviewText = review
    ? `${review.reviewOn}${review.status === 'overdue' ? '（已过复评日）' : ''}`
    : level === 4
      ? '四级保护无复评日，长期常态化关注'
      : '';
  const rows = [...duties.overdue, ...duties.current];
  return html`<section class="card"><h2>当前保护</h2><dl class="facts">
    <dt>风险等级</dt><dd>${tierBadge(level)} ${level ? LEVEL_LABELS[level] : file.registerStatus === 'left' ? '已离册' : '尚未评估（R2）'}</dd>
    <dt>保护期</dt><dd>${duties.levelSince ? `${duties.levelSince} 起` : '—'}</dd>
    <dt>复评日</dt><dd>${reviewText || '—'}</dd>
  </dl>
  ${rows.length ? html`<div class="table-wrap"><table><thead><tr><th>事项</th><th>周期</th><th class="num">已做/应做</th><th>状态</th></tr></thead><tbody>${rows.map(dutyRow)}</tbody></table></div>` : ''}
  </section>`;
}

function categories(file: ChildFile): Html {
  const rows = file.categories.map(
    (
      k,
    ) => html`<tr><td>${k.code} ${CATEGORY_LABELS[k.code as CategoryCode]}</td><td>${maskFreeText(k.evidence) || '—'}</td>
      <td>${d(k.startsOn)}</td><td>${d(k.evidenceUntil) || '—'}</td><td>${k.endedOn ? `${d(k.endedOn)} 结束` : '有效'}</td></tr>`,
  );
  return section(
    '类别及证明材料',
    ['类别', '证明材料', '起始', '证明有效期至', '状态'],
    rows,
    '没有登记类别。',
  );
}

function guardians(file: ChildFile, revealed: boolean): Html {
  const rows = file.guardians.map(
    (g) => html`<tr><td>${maskFreeText(g.relation)}</td><td>${maskFreeText(g.name)}</td>
      <td data-field="phone">${revealed ? g.phone : maskPhone(g.phone)}</td>
      <td>${g.isPrimary ? '主要监护人' : ''}${g.endedOn ? `（${d(g.endedOn)} 起不再监护）` : ''}</td></tr>`,
  );
  return section('监护人', ['关系', '姓名', '电话', '说明'], rows, '没有登记监护人。');
}

function timeline(file: ChildFile): Html {
  if (file.assessments.length === 0) return html`<h2>风险等级与保护期</h2><p class="muted">尚未评估。</p>`;
  const items = file.assessments.map((a) => {
    const p = a.startedPeriod;
    const period = p
      ? html`开始${LEVEL_LABELS[p.level as Level]}保护期：${d(p.startOn)} 起${p.reviewOn ? `，复评日 ${d(p.reviewOn)}` : '，无复评日'}${p.endedOn ? `，${d(p.endedOn)} 结束` : '，现行'}`
      : '同级复评，保护期继续（R3.4）';
    return html`<li${a.voidedAt ? html` class="muted"` : ''}><strong>${d(a.assessedOn)}</strong> 评估为 ${tierBadge(a.tier)}（${a.assessor.name}）${a.voidedAt ? '（已撤销）' : ''}<br>
      ${period}${a.reason ? html`<br><span class="muted">理由：${maskFreeText(a.reason)}</span>` : ''}</li>`;
  });
  return html`<h2>风险等级与保护期</h2><div class="card"><ul class="timeline">${items}</ul></div>`;
}

function visits(file: ChildFile): Html {
  const rows = file.visits.map(
    (
      v,
    ) => html`<tr${v.voidedAt ? html` class="muted"` : ''}><td>${d(v.visitedOn)}</td><td>${VISIT_KIND_LABELS[v.kind]}</td>
      <td>${v.staff.name}（${STAFF_ROLE_LABELS[v.staff.role]}）</td><td>${maskFreeText(v.notes)}${v.voidedAt ? '（已撤销）' : ''}</td></tr>`,
  );
  return section(`走访（${file.visits.length}）`, ['日期', '方式', '走访人', '记录'], rows, '没有走访记录。');
}

function services(file: ChildFile): Html {
  const rows = file.services.map(
    (
      s,
    ) => html`<tr${s.voidedAt ? html` class="muted"` : ''}><td>${d(s.servedOn)}</td><td>${SERVICE_TYPE_LABELS[s.type]}</td>
      <td>${SERVICE_RECIPIENT_LABELS[s.recipient]}</td><td>${s.staff.name}</td><td>${maskFreeText(s.notes)}${s.voidedAt ? '（已撤销）' : ''}</td></tr>`,
  );
  return section(
    `个案服务与家庭服务（${file.services.length}）`,
    ['日期', '服务', '对象', '服务人', '记录'],
    rows,
    '没有服务记录。',
  );
}

function resources(file: ChildFile): Html {
  const rows = file.resources
    .filter((r) => !r.voidedAt)
    .map(
      (
        r,
      ) => html`<tr><td>${maskFreeText(r.provider)}</td><td>${RESOURCE_KIND_LABELS[r.kind]}</td><td>${d(r.startOn)}</td>
        <td>${r.endedOn ? d(r.endedOn) : '进行中'}</td></tr>`,
    );
  return section('社会资源（R6.3）', ['提供方', '方式', '开始', '结束'], rows, '没有链接社会资源。');
}

function payments(file: ChildFile): Html {
  const rows = file.payments.map(
    (
      p,
    ) => html`<tr><td>${d(p.month).slice(0, 7)}</td><td>${p.category}</td><td class="num">${p.amount.toFixed(2)}</td>
      <td>${p.paidOn ? d(p.paidOn) : '未发放'}</td></tr>`,
  );
  return section('基本生活补贴（R5）', ['月份', '类别', '金额（元）', '发放日'], rows, '没有补贴记录。');
}

function urgent(file: ChildFile): Html {
  const rows = file.urgentReports.map(
    (u) => html`<tr><td>#${u.id}</td><td>${beijingTime(u.reportedAt)}</td>
      <td>${u.reporter.name}</td><td>${maskFreeText(u.content)}</td><td>${URGENT_STATUS[u.status]}</td></tr>`,
  );
  return section('强制报告（R6.1）', ['编号', '时间', '报告人', '内容', '状态'], rows, '没有强制报告。');
}

function trail(file: ChildFile): Html {
  const rows = file.audit.map(
    (a) => html`<tr><td>${beijingTime(a.at)}</td><td>${a.actor?.name ?? '系统'}</td>
      <td>${a.via}</td><td>${a.action}</td><td>${a.entity} ${a.entityId}</td></tr>`,
  );
  return section('审计记录（R4.1）', ['时间', '操作人', '途径', '操作', '对象'], rows, '没有审计记录。');
}

function section(title: string, heads: string[], rows: Html[], empty: string): Html {
  if (rows.length === 0) return html`<h2>${title}</h2><p class="muted">${empty}</p>`;
  return html`<h2>${title}</h2><div class="table-wrap"><table>
    <thead><tr>${heads.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}
