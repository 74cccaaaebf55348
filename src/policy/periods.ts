// Calendar periods as an inspection reads them (R4.5): ISO week (Monday–Sunday), calendar
// month, quarter, half-year (Jan–Jun, Jul–Dec) and year.

import {
  type DayNumber,
  dayFromYmd,
  dayOfMonthIndex,
  formatDay,
  isoWeekday,
  type LocalDate,
  monthIndexOfDay,
  parseDay,
  ymdFromDay,
} from './dates.js';

export type PeriodKind = 'week' | 'month' | 'quarter' | 'half' | 'year';

export interface CalendarPeriod {
  kind: PeriodKind;
  /** first day */
  start: LocalDate;
  /** last day */
  end: LocalDate;
  /** e.g. '2026年第49周', '2026年12月', '2026年第4季度', '2026年下半年', '2026年' */
  label: string;
}

export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = {
  week: '每周',
  month: '每月',
  quarter: '每季度',
  half: '每半年',
  year: '每年',
};

const MONTHS_IN: Record<Exclude<PeriodKind, 'week'>, number> = { month: 1, quarter: 3, half: 6, year: 12 };

/** First day of the period of `kind` that holds `day`. */
export function periodStartDay(kind: PeriodKind, day: DayNumber): DayNumber {
  if (kind === 'week') return day - isoWeekday(day) + 1;
  const index = monthIndexOfDay(day);
  return dayOfMonthIndex(index - (index % MONTHS_IN[kind]));
}

/** First day of the period that follows the one starting on `start`. */
export function nextPeriodStartDay(kind: PeriodKind, start: DayNumber): DayNumber {
  if (kind === 'week') return start + 7;
  return dayOfMonthIndex(monthIndexOfDay(start) + MONTHS_IN[kind]);
}

/** Last day of the period of `kind` that holds `day`. */
export function periodEndDay(kind: PeriodKind, day: DayNumber): DayNumber {
  return nextPeriodStartDay(kind, periodStartDay(kind, day)) - 1;
}

/** ISO 8601 week-numbering year and week of a day (the week belongs to the year of its Thursday). */
export function isoWeekOf(day: DayNumber): { year: number; week: number } {
  const thursday = day - isoWeekday(day) + 4;
  const year = ymdFromDay(thursday).y;
  const week = Math.floor((thursday - dayFromYmd(year, 1, 1)) / 7) + 1;
  return { year, week };
}

/** Chinese label of the period of `kind` starting on `start`. */
export function periodLabel(kind: PeriodKind, start: DayNumber): string {
  if (kind === 'week') {
    const { year, week } = isoWeekOf(start);
    return `${year}年第${week}周`;
  }
  const { y, m } = ymdFromDay(start);
  if (kind === 'month') return `${y}年${m}月`;
  if (kind === 'quarter') return `${y}年第${(m + 2) / 3}季度`;
  if (kind === 'half') return m === 1 ? `${y}年上半年` : `${y}年下半年`;
  return `${y}年`;
}

export function periodFromStartDay(kind: PeriodKind, start: DayNumber): CalendarPeriod {
  return {
    kind,
    start: formatDay(start),
    end: formatDay(nextPeriodStartDay(kind, start) - 1),
    label: periodLabel(kind, start),
  };
}

/** The calendar period of `kind` that holds `date`. */
export function periodOf(kind: PeriodKind, date: LocalDate): CalendarPeriod {
  return periodFromStartDay(kind, periodStartDay(kind, parseDay(date)));
}

/** Quarter key as the schema stores it, e.g. '2026-Q4'. */
export function quarterKey(date: LocalDate): string {
  const { y, m } = ymdFromDay(parseDay(date));
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}
