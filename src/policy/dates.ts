// Calendar dates as the notice reads them: whole days in Asia/Shanghai, no time, no zone.
// At the API boundary a date is an ISO string 'YYYY-MM-DD'; inside, an integer day number
// (days since 1970-01-01), which makes comparisons and period arithmetic cheap.
// Nothing here reads the clock or the host's time zone.

import { PolicyInputError } from './errors.js';

/** A calendar day in Asia/Shanghai, written 'YYYY-MM-DD'. */
export type LocalDate = string;

/** Days since 1970-01-01 (day 0 is a Thursday). */
export type DayNumber = number;

export interface Ymd {
  y: number;
  m: number; // 1–12
  d: number; // 1–31
}

const MS_PER_DAY = 86_400_000;
// China has kept UTC+8 all year since 1991, so a fixed offset is exact for every date we handle.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Day number of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayFromYmd(y: number, m: number, d: number): DayNumber {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function ymdFromDay(day: DayNumber): Ymd {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/**
 * Month index of a day number, y * 12 + (m - 1): the same arithmetic as ymdFromDay without
 * building an object, for the hot loops of the duty calculation.
 */
export function monthIndexOfDay(day: DayNumber): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 12 + m - 1;
}

/** Day number of the first day of a month index (y * 12 + (m - 1)). */
export function dayOfMonthIndex(index: number): DayNumber {
  const y = Math.floor(index / 12);
  return dayFromYmd(y, index - y * 12 + 1, 1);
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Parses 'YYYY-MM-DD' into a day number, or returns undefined when it is not a real date. */
// Day numbers of the first of every month from 1900 to 2199, so that parsing a date in that
// range is a table look-up; other years take the arithmetic path.
const TABLE_FIRST_YEAR = 1900;
const TABLE_YEARS = 300;
const MONTH_STARTS = new Int32Array(TABLE_YEARS * 12 + 1);
for (let i = 0; i <= TABLE_YEARS * 12; i++) {
  MONTH_STARTS[i] = dayFromYmd(TABLE_FIRST_YEAR + Math.floor(i / 12), (i % 12) + 1, 1);
}

/** Parses 'YYYY-MM-DD' into a day number, or returns undefined when it is not a real date. */
export function tryParseDay(s: string): DayNumber | undefined {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) {
    return undefined;
  }
  const y0 = digit(s, 0);
  const y1 = digit(s, 1);
  const y2 = digit(s, 2);
  const y3 = digit(s, 3);
  const m0 = digit(s, 5);
  const m1 = digit(s, 6);
  const d0 = digit(s, 8);
  const d1 = digit(s, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return undefined;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1) return undefined;

  const index = (y - TABLE_FIRST_YEAR) * 12 + m - 1;
  if (index >= 0 && index < TABLE_YEARS * 12) {
    const first = MONTH_STARTS[index]!;
    return d <= MONTH_STARTS[index + 1]! - first ? first + d - 1 : undefined;
  }
  if (y < 1000 || d > daysInMonth(y, m)) return undefined;
  return dayFromYmd(y, m, d);
}

/** Parses 'YYYY-MM-DD' into a day number; throws PolicyInputError on anything else. */
export function parseDay(s: LocalDate, what = 'date'): DayNumber {
  const day = tryParseDay(s);
  if (day === undefined)
    throw new PolicyInputError('INVALID_DATE', `${what} is not a YYYY-MM-DD date: ${String(s)}`);
  return day;
}

export function isLocalDate(s: unknown): s is LocalDate {
  return typeof s === 'string' && tryParseDay(s) !== undefined;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatYmd(y: number, m: number, d: number): LocalDate {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

export function formatDay(day: DayNumber): LocalDate {
  const { y, m, d } = ymdFromDay(day);
  return formatYmd(y, m, d);
}

/** Adds calendar months to a day number; the day of month clamps to the month's end (R3.7). */
export function addMonthsToDay(day: DayNumber, months: number): DayNumber {
  const { y, m, d } = ymdFromDay(day);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return dayFromYmd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** `date` plus `months` calendar months, clamped to the month's end: 2026-01-31 + 3 → 2026-04-30. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  return formatDay(addMonthsToDay(parseDay(date), months));
}

/** `date` plus `years` calendar years; 29 February becomes 28 February in a common year. */
export function addYears(date: LocalDate, years: number): LocalDate {
  return addMonths(date, years * 12);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return formatDay(parseDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return parseDay(to) - parseDay(from);
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return parseDay(a) - parseDay(b);
}

/** ISO weekday of a day number: 1 Monday … 7 Sunday. */
export function isoWeekday(day: DayNumber): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * The Asia/Shanghai calendar day of an instant, by fixed UTC+8 arithmetic.
 * Use it to turn a timestamp (a message's CreateTime, a cron tick) into the `today` the
 * policy functions take; the host's time zone plays no part.
 */
export function toLocalDate(instant: Date): LocalDate {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new PolicyInputError('INVALID_DATE', 'instant is an invalid Date');
  return formatDay(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

/** First day of the month that holds `date`, the form the schema uses for a month. */
export function monthStart(date: LocalDate): LocalDate {
  parseDay(date);
  return `${date.slice(0, 8)}01`;
}
