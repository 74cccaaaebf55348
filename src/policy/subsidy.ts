// R5.1, R5.2, R5.4: who is on a month's payment list, at what amount, and what changed since the
// month before. Amounts are whole fen (1 yuan = 100 fen) so sums are exact.

import { addMonths, type LocalDate, parseDay } from './dates.js';
import { eighteenthBirthday } from './eligibility.js';
import type { CategoryCode } from './labels.js';
import { firstUnpaidMonth, monthOf } from './money.js';
import type { HeldCategory } from './register.js';

/** A standard monthly amount, for a category group ('C1') or one sub-type ('C1b'), from a month on. */
export interface SubsidyRate {
  /** 'C1' … 'C6', or a sub-type such as 'C4a' that differs from its group */
  category: string;
  /** first month the amount applies, as the month's first day */
  fromMonth: LocalDate;
  fen: number;
}

/** When an approved child's payments start (R5.1): the month of approval or the month after. */
export type PayFromRule = 'same_month' | 'next_month';

export interface SubsidyChild {
  id: number;
  birthDate: LocalDate;
  categories: readonly HeldCategory[];
  /** the day the child left the register, if they have */
  leftOn?: LocalDate;
  /** first month paid (R5.1): from the approved application, or the month after entering the register */
  payFrom: LocalDate;
}

export type PaymentEntry = { childId: number; category: CategoryCode; fen: number };

export type ExclusionReason = 'not_yet' | 'turned_18' | 'left' | 'no_category' | 'no_rate';

/** R5.1: the first month paid after approval (or entry to the register) on `on`. */
export function payFromMonth(on: LocalDate, rule: PayFromRule): LocalDate {
  const month = monthOf(on);
  return rule === 'same_month' ? month : addMonths(month, 1);
}

/** The amount for `category` in `month`: a sub-type's own rate wins over its group's. */
export function rateFor(
  rates: readonly SubsidyRate[],
  category: CategoryCode,
  month: LocalDate,
): number | undefined {
  let best: SubsidyRate | undefined;
  for (const rate of rates) {
    if (rate.category !== category && rate.category !== category.slice(0, 2)) continue;
    if (rate.fromMonth > month) continue;
    const specific = rate.category.length > 2;
    const bestSpecific = (best?.category.length ?? 0) > 2;
    if (
      !best ||
      (specific && !bestSpecific) ||
      (specific === bestSpecific && rate.fromMonth > best.fromMonth)
    ) {
      best = rate;
    }
  }
  return best?.fen;
}

/**
 * R5.4 with R1.0: the day a child stopped qualifying, if they have by the end of `month`:
 * leaving the register, the 18th birthday, or the end of their last category.
 */
function stoppedOn(
  child: SubsidyChild,
  monthEnd: LocalDate,
): { on: LocalDate; reason: ExclusionReason } | null {
  const stops: { on: LocalDate; reason: ExclusionReason }[] = [];
  if (child.leftOn) stops.push({ on: child.leftOn, reason: 'left' });
  stops.push({ on: eighteenthBirthday(child.birthDate), reason: 'turned_18' });
  const open = child.categories.filter((c) => c.endedOn === undefined);
  if (open.length === 0 && child.categories.length > 0) {
    const lastEnd = child.categories
      .map((c) => c.endedOn!)
      .sort()
      .pop()!;
    stops.push({ on: lastEnd, reason: 'no_category' });
  }
  const due = stops.filter((s) => s.on <= monthEnd).sort((a, b) => a.on.localeCompare(b.on));
  return due[0] ?? null;
}

/**
 * R5.2 / R5.4: whether `child` is paid for `month` and how much. The month in which a child
 * stops qualifying is still paid; the next is not. The amount is the highest standard among
 * the categories held at some time in the month.
 */
export function monthlyEntitlement(
  child: SubsidyChild,
  month: LocalDate,
  rates: readonly SubsidyRate[],
): PaymentEntry | { childId: number; excluded: ExclusionReason } {
  const first = monthOf(month);
  const last = addMonths(first, 1);
  if (parseDay(child.payFrom) > parseDay(first)) return { childId: child.id, excluded: 'not_yet' };
  const stop = stoppedOn(child, last);
  if (stop && firstUnpaidMonth(stop.on) <= first) return { childId: child.id, excluded: stop.reason };

  let best: PaymentEntry | undefined;
  for (const held of child.categories) {
    if (held.startsOn >= last) continue;
    if (held.endedOn !== undefined && held.endedOn < first) continue;
    const fen = rateFor(rates, held.code, first);
    if (fen === undefined) continue;
    if (!best || fen > best.fen) best = { childId: child.id, category: held.code, fen };
  }
  if (best) return best;
  const anyHeld = child.categories.some(
    (c) => c.startsOn < last && (c.endedOn === undefined || c.endedOn >= first),
  );
  return { childId: child.id, excluded: anyHeld ? 'no_rate' : 'no_category' };
}

/** The month's payment list for these children, in their given order. */
export function paymentList(
  children: readonly SubsidyChild[],
  month: LocalDate,
  rates: readonly SubsidyRate[],
): PaymentEntry[] {
  const list: PaymentEntry[] = [];
  for (const child of children) {
    const entry = monthlyEntitlement(child, month, rates);
    if ('fen' in entry) list.push(entry);
  }
  return list;
}

export type PaymentChange =
  | { kind: 'new'; childId: number; fen: number }
  | { kind: 'left'; childId: number; fen: number }
  | { kind: 'amount'; childId: number; fromFen: number; toFen: number };

/** R5.2: what changed from last month's list to this one (new, left, amount changed). */
export function paymentChanges(
  previous: readonly PaymentEntry[],
  current: readonly PaymentEntry[],
): PaymentChange[] {
  const before = new Map(previous.map((e) => [e.childId, e.fen]));
  const after = new Map(current.map((e) => [e.childId, e.fen]));
  const changes: PaymentChange[] = [];
  for (const e of current) {
    const was = before.get(e.childId);
    if (was === undefined) changes.push({ kind: 'new', childId: e.childId, fen: e.fen });
    else if (was !== e.fen) changes.push({ kind: 'amount', childId: e.childId, fromFen: was, toFen: e.fen });
  }
  for (const e of previous) {
    if (!after.has(e.childId)) changes.push({ kind: 'left', childId: e.childId, fen: e.fen });
  }
  return changes;
}

export function totalFen(entries: readonly { fen: number }[]): number {
  return entries.reduce((sum, e) => sum + e.fen, 0);
}

/** 260000 → '2600.00' */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** '2600', '2600.5', '2,600.50' → fen; undefined unless it is a plain non-negative amount. */
export function parseYuan(text: string): number | undefined {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.replace(/,/g, '').trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
  /** as QuarterlyForecast.quarter stores it: '2027-Q1' */
  key: string;
  /** the three months, as their first days */
  months: [LocalDate, LocalDate, LocalDate];
}

export function quarterOf(year: number, q: 1 | 2 | 3 | 4): Quarter {
  const first = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  return { year, q, key: `${year}-Q${q}`, months: [first, addMonths(first, 1), addMonths(first, 2)] };
}

/** '2027Q1', '2027-Q1', '2027年第一季度', '2027年1季度' → the quarter. */
export function parseQuarter(text: string): Quarter | undefined {
  const m = /^(\d{4})\s*(?:年\s*第?\s*([1-4一二三四])\s*季度?|[-\s]?[Qq]\s*([1-4]))$/.exec(text.trim());
  if (!m) return undefined;
  const digit = m[2] ?? m[3]!;
  const q = ('一二三四'.indexOf(digit) + 1 || Number(digit)) as 1 | 2 | 3 | 4;
  return quarterOf(Number(m[1]), q);
}

/** The quarter holding `date`. */
export function quarterHolding(date: LocalDate): Quarter {
  const month = Number(date.slice(5, 7));
  return quarterOf(Number(date.slice(0, 4)), (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4);
}
