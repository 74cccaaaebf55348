// Dates as people write them in a chat: 今天, 昨天, 前天, 周三, 上周三, 12月1日, 12-1, 12/1,
// 2026-12-01, 2026年12月1日. Read relative to `today` (an Asia/Shanghai calendar day).
import {
  addDays,
  addMonths,
  daysInMonth,
  formatYmd,
  isoWeekday,
  type LocalDate,
  parseDay,
} from '../policy/dates.js';

const RELATIVE: Record<string, number> = { 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2, 大前天: -3 };
const WEEKDAY: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
};

const FULL = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/;
const MONTH_DAY = /^(\d{1,2})\s*(?:[-/]|月)\s*(\d{1,2})\s*[日号]?$/;
const WEEK = /^(上上|上|这|本)?(?:周|星期|礼拜)([一二三四五六日天1-7])$/;

/**
 * The calendar day a chat token names, or undefined when it is not a date.
 * 周三 is the latest Wednesday not after today; 上周三 the Wednesday of last week.
 * A month and day without a year is this year's, unless that is more than six months
 * ahead (then last year's: 12月28日 typed on 1月3日).
 */
export function parseChatDate(token: string, today: LocalDate): LocalDate | undefined {
  const t = token.trim();
  // Own keys only: 'constructor' or 'valueOf' typed in a chat is not a date.
  if (Object.hasOwn(RELATIVE, t)) return addDays(today, RELATIVE[t]!);

  const week = WEEK.exec(t);
  if (week) return weekday(today, week[1] ?? '', WEEKDAY[week[2]!]!);

  const full = FULL.exec(t);
  if (full) return validDate(Number(full[1]), Number(full[2]), Number(full[3]));

  const md = MONTH_DAY.exec(t);
  if (md) {
    const year = Number(today.slice(0, 4));
    const month = Number(md[1]);
    const day = Number(md[2]);
    const thisYear = validDate(year, month, day);
    if (!thisYear) return undefined;
    const ahead = parseDay(thisYear) - parseDay(today);
    return ahead > 183 ? validDate(year - 1, month, day) : thisYear;
  }
  return undefined;
}

function weekday(today: LocalDate, prefix: string, wanted: number): LocalDate {
  const todayDay = parseDay(today);
  const monday = todayDay - (isoWeekday(todayDay) - 1);
  if (prefix === '上' || prefix === '上上') {
    const weeksBack = prefix === '上' ? 1 : 2;
    return addDays(today, monday - 7 * weeksBack + (wanted - 1) - todayDay);
  }
  if (prefix === '这' || prefix === '本') return addDays(today, monday + (wanted - 1) - todayDay);
  const back = (isoWeekday(todayDay) - wanted + 7) % 7;
  return addDays(today, -back);
}

function validDate(y: number, m: number, d: number): LocalDate | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return formatYmd(y, m, d);
}

/** Splits a leading date off a command's arguments: `12月1日 心理疏导` → 12月1日 and `心理疏导`. Today when absent. */
export function takeLeadingDate(args: string, today: LocalDate): { on: LocalDate; text: string } {
  const text = args.trim();
  const first = text.split(' ')[0] ?? '';
  const on = first ? parseChatDate(first, today) : undefined;
  return on ? { on, text: text.slice(first.length).trim() } : { on: today, text };
}

/** How a date reads in a reply: 12月1日, with the year only when it is not this year's. */
export function formatChatDate(date: LocalDate, today: LocalDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const base = `${m}月${d}日`;
  return date.slice(0, 4) === today.slice(0, 4) ? base : `${y}年${base}`;
}

/**
 * A month as people write it: 2026-12, 2026年12月, 2026.12, 12月 (this year), 本月, 上月.
 * Gives the month's first day, or undefined.
 */
export function parseChatMonth(token: string, today: LocalDate): LocalDate | undefined {
  const t = token.trim();
  const thisMonth = `${today.slice(0, 7)}-01`;
  if (t === '本月' || t === '这个月') return thisMonth;
  if (t === '上月' || t === '上个月') return addMonths(thisMonth, -1);
  if (t === '下月' || t === '下个月') return addMonths(thisMonth, 1);
  const full = /^(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*月?$/.exec(t);
  const short = /^(\d{1,2})\s*月$/.exec(t);
  const y = full ? Number(full[1]) : Number(today.slice(0, 4));
  const m = Number(full?.[2] ?? short?.[1] ?? 0);
  if (m < 1 || m > 12 || y < 2000 || y > 2100) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-01`;
}
