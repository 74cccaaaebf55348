// A slow, independent reading of the calendar rules for property tests: every date goes
// through the built-in UTC Date, and periods are found by walking day by day.

const DAY_MS = 86_400_000;

export function toEpochDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar months with the day clamped to the month's end. */
export function naiveAddMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

export type Per = 'week' | 'month' | 'quarter' | 'half' | 'year';

/** A number naming the calendar period of `per` that holds the day. */
export function periodKey(per: Per, day: number): number {
  if (per === 'week') return Math.floor((day + 3) / 7); // epoch day 0 is a Thursday
  const date = new Date(day * DAY_MS);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  if (per === 'month') return y * 12 + m;
  if (per === 'quarter') return y * 4 + Math.floor(m / 3);
  if (per === 'half') return y * 2 + (m >= 6 ? 1 : 0);
  return y;
}

export function periodEnd(per: Per, day: number): number {
  const key = periodKey(per, day);
  let end = day;
  while (periodKey(per, end + 1) === key) end++;
  return end;
}

/** The duty table of R3 and R4.2, restated. */
export const TABLE: Record<
  1 | 2 | 3 | 4,
  { duty: 'visit' | 'case_service' | 'follow_up'; per: Per; need: number }[]
> = {
  1: [
    { duty: 'visit', per: 'month', need: 1 },
    { duty: 'case_service', per: 'week', need: 1 },
  ],
  2: [
    { duty: 'visit', per: 'quarter', need: 1 },
    { duty: 'case_service', per: 'month', need: 2 },
  ],
  3: [
    { duty: 'visit', per: 'half', need: 1 },
    { duty: 'case_service', per: 'month', need: 1 },
  ],
  4: [
    { duty: 'visit', per: 'year', need: 1 },
    { duty: 'follow_up', per: 'month', need: 1 },
  ],
};
