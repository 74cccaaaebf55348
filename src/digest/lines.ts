// The digest's sentences. Child to-do items use the chat's own todoLine, so 待办 and the digest
// read the same; everything here is what only the digest says.
import { waitingStepText } from '../casework/applications.js';
import { formatChatDate } from '../chat/dates.js';
import {
  CATEGORY_LABELS,
  type CategoryCode,
  firstUnpaidMonth,
  LEAVE_REASON_LABELS,
  type Level,
  type LocalDate,
  type MoneyReminder,
  TIER_LABELS,
  toLocalDate,
} from '../policy/index.js';
import type { ApplicationRow, UrgentRow } from './context.js';

const md = (day: LocalDate, today: LocalDate) => formatChatDate(day, today);

/** '2027-Q1' as 2027年第1季度. */
export function quarterLabel(quarter: string): string {
  return `${quarter.slice(0, 4)}年第${quarter.slice(6)}季度`;
}

/** '2026-12-01' as 2026年12月 when not this year, else 12月. */
function monthLabel(month: LocalDate, today: LocalDate): string {
  const m = Number(month.slice(5, 7));
  return month.slice(0, 4) === today.slice(0, 4) ? `${m}月` : `${month.slice(0, 4)}年${m}月`;
}

export function directorHeader(today: LocalDate, overdue: number, upcoming: number, urgent: number): string {
  const reports = urgent > 0 ? `，强制报告 ${urgent} 件未结` : '';
  return `【今日待办】${md(today, today)} 逾期 ${overdue} 项，即将到期 ${upcoming} 项${reports}`;
}

/**
 * R6.1: an open urgent report. `late` marks one still open 24 hours after it was filed;
 * `street` names the street for district staff.
 */
export function urgentLine(report: UrgentRow, today: LocalDate, late: boolean, street?: string): string {
  const where = street ? `${street} ` : '';
  const filed = md(toLocalDate(report.reportedAt), today);
  const state = late ? '超过24小时仍未评估或结案' : '尚未评估或结案';
  const command = report.childId !== null ? ` → 评估 ${report.childName} …` : '';
  return `【强制报告 #${report.id}】${where}${report.childName}：${filed}报告，${state}（R6.1）${command}`;
}

/** R1.0 / R4.4: every category the child holds rests on evidence that has run out. */
export function lapsedLine(name: string, codes: CategoryCode[], until: LocalDate, today: LocalDate): string {
  const what =
    codes.length === 1
      ? `唯一类别“${CATEGORY_LABELS[codes[0]!]}”的证明已于${md(until, today)}到期`
      : `${codes.length} 个类别的证明均已到期（最晚${md(until, today)}）`;
  return `${name}：${what}，可能已不再符合（R4.4） → 核实后补充证明，或 退出 ${name} 不再符合`;
}

export interface LeaveEntry {
  name: string;
  reason: 'turned_18' | 'no_category';
  on: LocalDate;
}

/** R4.4 / R5.4: a child to take off the register, and the first month no longer paid. */
export function leaveLine(entry: LeaveEntry, today: LocalDate): string {
  const stop = monthLabel(firstUnpaidMonth(entry.on), today);
  const on = md(entry.on, today);
  const words = entry.reason === 'turned_18' ? '已满18周岁' : '不再符合';
  const why =
    entry.reason === 'turned_18' ? `${on}${LEAVE_REASON_LABELS.turned_18}` : `${on}起不再符合困境儿童类别`;
  return (
    `${entry.name}：${why}，应退出登记（R4.4），` +
    `${stop}起停发（R5.4） → 退出 ${entry.name} ${on} ${words}`
  );
}

/** R5.5: the reminders of the 20th and the 25th. */
export function moneyLine(reminder: MoneyReminder, today: LocalDate): string {
  const by = reminder.isDeadlineDay ? '今天截止' : `须于${md(reminder.deadline, today)}前完成（含当日）`;
  if (reminder.kind === 'payment') {
    return `${monthLabel(reminder.month, today)}生活补贴发放${by}，本月发放尚未登记（R5.2、R5.5）`;
  }
  return `${quarterLabel(reminder.forQuarter)}儿童人数和资金预测上报${by}，尚未上报（R5.3、R5.5）`;
}

export function latePaymentLine(month: LocalDate, deadline: LocalDate, today: LocalDate): string {
  return `${monthLabel(month, today)}生活补贴已过${md(deadline, today)}发放期限，尚未登记发放（R5.2）`;
}

export function lateForecastLine(quarter: string, deadline: LocalDate, today: LocalDate): string {
  return `${quarterLabel(quarter)}儿童人数和资金预测已过${md(deadline, today)}上报期限，尚未上报（R5.3）`;
}

/** R5.1: an application waiting for the street's review or approval. */
export function applicationLine(app: ApplicationRow, today: LocalDate): string {
  const step = waitingStepText(app.status, app.failedReview);
  return `申请 #${app.id} ${app.applicantName}（${CATEGORY_LABELS[app.category]}）：${md(app.receivedOn, today)}受理，${step}（R5.1）`;
}

export function tierLine(total: number, tiers: Record<Level | 0, number>, leaving: number): string {
  const parts = ([1, 2, 3, 4] as const).map((l) => `${TIER_LABELS[l]} ${tiers[l]}`);
  const off = leaving > 0 ? `，应退出 ${leaving}` : '';
  return `在册 ${total} 人：${parts.join('，')}，未评估 ${tiers[0]}${off}`;
}

export function behindLine(behind: { name: string; overdue: number }[]): string {
  if (behind.length === 0) return '逾期事项：无';
  return `逾期事项：${behind.map((b) => `${b.name} ${b.overdue} 项`).join('，')}`;
}

export function reviewsLine(overdue: number, soon: number): string {
  return `复评（R3.5）：已过复评日 ${overdue} 人，14天内到期 ${soon} 人`;
}

export function streetSummaryLine(
  street: string,
  overdueItems: number,
  overdueChildren: number,
  spotCheckDue: boolean,
): string {
  const parts: string[] = [];
  if (overdueItems > 0) parts.push(`逾期 ${overdueItems} 项（${overdueChildren} 名儿童）`);
  if (spotCheckDue) parts.push('今年尚未入户抽查（R4.3）');
  return `${street}：${parts.join('；')}`;
}
