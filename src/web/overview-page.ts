// The street / district overview: children by tier and category, visits done against due
// this month and quarter, overdue by director, reviews coming, spot checks, subsidy months.
// Charts are drawn by Chart.js in the browser from a JSON block; the tables under them carry
// the same numbers, each a link to the children behind it.
import type { StaffUser } from '../chat/scope.js';
import type { Db } from '../db/client.js';
import { CATEGORY_GROUP_LABELS, districtSpotCheck, TIER_LABELS } from '../policy/index.js';
import { beijingTime } from './child-page.js';
import { type Html, html, jsonBlock } from './html.js';
import { type CountCache, scopeKey } from './overview-cache.js';
import {
  addCounts,
  type Counts,
  countFacts,
  type DirectorCounts,
  drillDownHref,
  GROUPS,
  type MeasureName,
  zeroCounts,
} from './overview-data.js';
import type { OverviewFrame } from './overview-facts.js';
import {
  type MonthCell,
  monthsSoFar,
  PAYMENT_LABELS,
  paymentCells,
  type StreetRow,
  streetsInScope,
} from './overview-money.js';

interface StreetSummary extends StreetRow {
  counts: Counts;
  directors: DirectorCounts[];
  spotDays: number;
  payments: MonthCell[];
}

/** The counts of a person's scope, from the cache. */
export function countScope(db: Db, user: StaffUser, frame: OverviewFrame, cache: CountCache) {
  return cache.get(scopeKey(user, frame.today), () => countFacts(db, user, frame));
}

async function summarise(
  db: Db,
  user: StaffUser,
  frame: OverviewFrame,
  cache: CountCache,
): Promise<{ streets: StreetSummary[]; at: Date }> {
  const streets = await streetsInScope(db, user);
  const [{ rows, at }, payments, spots] = await Promise.all([
    countScope(db, user, frame, cache),
    user.role === 'director'
      ? Promise.resolve(new Map<number, MonthCell[]>())
      : paymentCells(db, streets, frame),
    spotCheckDays(db, streets, frame),
  ]);
  const summaries = streets.map((street) => {
    const directors = rows.filter((r) => r.streetId === street.id);
    const counts = directors.reduce((sum, r) => addCounts(sum, r.counts), zeroCounts());
    return {
      ...street,
      counts,
      directors,
      spotDays: spots.get(street.id) ?? 0,
      payments: payments.get(street.id) ?? [],
    };
  });
  return { streets: summaries, at };
}

/** R4.3: this year's spot-check days per street, judged by the engine's districtSpotCheck. */
async function spotCheckDays(
  db: Db,
  streets: StreetRow[],
  frame: OverviewFrame,
): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<{ streetId: number; day: string }[]>`
    SELECT DISTINCT c."streetId", v."visitedOn"::text AS day
      FROM "Visit" v JOIN "Child" c ON c.id = v."childId"
     WHERE v.kind = 'spot_check' AND v."voidedAt" IS NULL AND c."streetId" = ANY(${streets.map((s) => s.id)})
       AND v."visitedOn" BETWEEN ${frame.year.start}::date AND ${frame.today}::date`;
  const out = new Map<number, number>();
  for (const street of streets) {
    const days = rows.filter((r) => r.streetId === street.id).map((r) => r.day);
    out.set(street.id, districtSpotCheck(days, frame.today).have);
  }
  return out;
}

function cell(count: number, measure: MeasureName, streetId?: number, directorId?: number | null): Html {
  if (count === 0) return html`<td class="num">0</td>`;
  return html`<td class="num"><a href="${drillDownHref(measure, streetId, directorId)}" data-measure="${measure}">${count}</a></td>`;
}

function table(heads: string[], rows: Html[]): Html {
  return html`<div class="table-wrap"><table><thead><tr>${heads.map((h, i) => html`<th${i ? html` class="num"` : ''}>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function rowsFor(
  streets: StreetSummary[],
  measures: MeasureName[],
  extra?: (s: StreetSummary) => Html,
): Html[] {
  const rows = streets.map(
    (s) =>
      html`<tr data-street="${s.id}"><td>${s.name}</td>${measures.map((m) => cell(s.counts[m], m, s.id))}${extra?.(s) ?? ''}</tr>`,
  );
  if (streets.length > 1) {
    const all = streets.reduce((sum, s) => addCounts(sum, s.counts), zeroCounts());
    rows.push(
      html`<tr class="total"><td>合计</td>${measures.map((m) => cell(all[m], m))}${extra ? html`<td></td>` : ''}</tr>`,
    );
  }
  return rows;
}

export async function overviewBody(
  db: Db,
  user: StaffUser,
  frame: OverviewFrame,
  names: Map<number, string>,
  cache: CountCache,
): Promise<Html> {
  const { streets, at } = await summarise(db, user, frame, cache);
  const tiers: MeasureName[] = ['total', 'tier1', 'tier2', 'tier3', 'tier4', 'tier0'];
  const charts = {
    streets: streets.map((s) => s.name),
    streetIds: streets.map((s) => s.id),
    tiers: ([1, 2, 3, 4] as const).map((level) => ({
      measure: `tier${level}`,
      label: TIER_LABELS[level],
      data: streets.map((s) => s.counts[`tier${level}`]),
    })),
    groups: GROUPS.map((g) => ({
      measure: g,
      label: `${g} ${CATEGORY_GROUP_LABELS[g]}`,
      data: streets.map((s) => s.counts[g]),
    })),
    visits: [
      { measure: 'monthDue', label: '本月应访', data: streets.map((s) => s.counts.monthDue) },
      { measure: 'monthDone', label: '本月已访', data: streets.map((s) => s.counts.monthDone) },
      { measure: 'quarterDue', label: '本季度应访', data: streets.map((s) => s.counts.quarterDue) },
      { measure: 'quarterDone', label: '本季度已访', data: streets.map((s) => s.counts.quarterDone) },
    ],
    months: monthsSoFar(frame).map((m) => `${Number(m.slice(5, 7))}月`),
    payments: (['paid_on_time', 'paid_late', 'late'] as const).map((status) => ({
      label: PAYMENT_LABELS[status],
      data: monthsSoFar(frame).map((_, i) => streets.filter((s) => s.payments[i]?.status === status).length),
    })),
  };
  const scopeNote =
    user.role === 'director'
      ? '只统计您负责的儿童。'
      : user.role === 'district'
        ? '全区各街道。'
        : '本街道。';

  return html`
<p class="muted">统计于 ${beijingTime(at)}（每分钟更新），在册且未满18周岁的儿童；${scopeNote}走访按 R4.2（儿童主任或督导员入户），本期自保护期开始日起算。</p>
${jsonBlock('chart-data', charts)}
<h2>风险等级</h2>
<div class="charts"><div class="chart-box"><canvas id="chart-tiers" aria-label="各街道风险等级人数"></canvas></div></div>
${table(['街道', '合计', ...([1, 2, 3, 4] as const).map((l) => TIER_LABELS[l]), '未评估'], rowsFor(streets, tiers))}

<h2>困境类别</h2>
<div class="charts"><div class="chart-box"><canvas id="chart-groups" aria-label="各街道困境类别人数"></canvas></div></div>
${table(['街道', ...GROUPS.map((g) => `${g} ${CATEGORY_GROUP_LABELS[g]}`)], rowsFor(streets, GROUPS))}

<h2>走访完成情况（R4.2）</h2>
<div class="charts"><div class="chart-box"><canvas id="chart-visits" aria-label="本月和本季度走访"></canvas></div></div>
${table(
  [
    '街道',
    `${frame.month.label}应访`,
    '已访',
    '未访',
    `${frame.quarter.label}应访`,
    '已访',
    '未访',
    '走访逾期儿童',
  ],
  rowsFor(streets, [
    'monthDue',
    'monthDone',
    'monthOpen',
    'quarterDue',
    'quarterDone',
    'quarterOpen',
    'overdue',
  ]),
)}

<h2>走访逾期（按儿童主任）</h2>
<p class="muted">当前保护等级下，已结束的走访周期中没有合格走访的儿童数。</p>
${overdueTable(streets, names)}

<h2>复评（R3.5）与入户抽查（R4.3）</h2>
${table(
  ['街道', '14天内复评', '已过复评日', `${frame.year.label}抽查天数`, '已抽查儿童'],
  streets.map(
    (
      s,
    ) => html`<tr data-street="${s.id}"><td>${s.name}</td>${cell(s.counts.reviewSoon, 'reviewSoon', s.id)}${cell(s.counts.reviewOverdue, 'reviewOverdue', s.id)}
      <td class="num${s.spotDays === 0 ? ' overdue' : ''}">${s.spotDays === 0 ? '尚未抽查' : s.spotDays}</td>${cell(s.counts.spot, 'spot', s.id)}</tr>`,
  ),
)}
${user.role === 'director' ? '' : payments(streets, frame)}`;
}

function overdueTable(streets: StreetSummary[], names: Map<number, string>): Html {
  const rows = streets.flatMap((s) =>
    s.directors
      .filter((d) => d.counts.overdue > 0)
      .sort((a, b) => b.counts.overdue - a.counts.overdue)
      .map((d) => {
        const who = d.directorId === null ? '无儿童主任' : (names.get(d.directorId) ?? '');
        return html`<tr><td>${s.name} · ${who}</td>${cell(d.counts.overdue, 'overdue', s.id, d.directorId)}</tr>`;
      }),
  );
  if (rows.length === 0) return html`<p class="message">没有走访逾期的儿童。</p>`;
  return table(['街道 / 儿童主任', '逾期儿童'], rows);
}

function payments(streets: StreetSummary[], frame: OverviewFrame): Html {
  const months = monthsSoFar(frame);
  return html`
<h2>基本生活补贴按月发放（R5.2，每月25日前）</h2>
<div class="charts"><div class="chart-box"><canvas id="chart-payments" aria-label="各月发放情况"></canvas></div></div>
${table(
  ['街道', ...months.map((m) => `${Number(m.slice(5, 7))}月`)],
  streets.map(
    (s) =>
      html`<tr><td>${s.name}</td>${s.payments.map(
        (c) =>
          html`<td class="num${c.status === 'late' || c.status === 'paid_late' ? ' overdue' : ''}">${
            c.children !== undefined
              ? html`<a href="/web/overview/paid?street=${s.id}&amp;month=${c.month.slice(0, 7)}" title="${c.paidOn ?? ''}">${PAYMENT_LABELS[c.status]}（${c.children}人）</a>`
              : PAYMENT_LABELS[c.status]
          }</td>`,
      )}</tr>`,
  ),
)}`;
}
