// R3 case-service frequencies, R4.2 visit frequencies and the level-4 follow-up, checked per
// calendar period (R4.5). Given a child's history and a day, says for each duty the current
// period, what it has and needs, its due date, and the past periods that ended short.

import { type DayNumber, formatDay, type LocalDate, parseDay, tryParseDay } from './dates.js';
import { eighteenthBirthdayDay } from './eligibility.js';
import { PolicyInputError } from './errors.js';
import type { Level, ServiceRecipient, ServiceType, StaffRole, VisitKind } from './labels.js';
import { assertLevel, type LevelPeriod } from './levels.js';
import {
  type CalendarPeriod,
  nextPeriodStartDay,
  type PeriodKind,
  periodFromStartDay,
  periodStartDay,
} from './periods.js';

export type DutyKind = 'visit' | 'case_service' | 'follow_up';

export const DUTY_LABELS: Record<DutyKind, string> = {
  visit: '走访',
  case_service: '个案服务',
  follow_up: '个案关注',
};

export interface DutySpec {
  duty: DutyKind;
  /** R4.2 for visits; R3 for the level's case service or (level 4) follow-up */
  rule: 'R4.2' | 'R3';
  per: PeriodKind;
  need: number;
}

/** What each level requires, per calendar period (R3 table, R4.2 table, R4.5). */
export const DUTIES: Record<Level, readonly DutySpec[]> = {
  1: [
    { duty: 'visit', rule: 'R4.2', per: 'month', need: 1 },
    { duty: 'case_service', rule: 'R3', per: 'week', need: 1 },
  ],
  2: [
    { duty: 'visit', rule: 'R4.2', per: 'quarter', need: 1 },
    { duty: 'case_service', rule: 'R3', per: 'month', need: 2 },
  ],
  3: [
    { duty: 'visit', rule: 'R4.2', per: 'half', need: 1 },
    { duty: 'case_service', rule: 'R3', per: 'month', need: 1 },
  ],
  4: [
    { duty: 'visit', rule: 'R4.2', per: 'year', need: 1 },
    { duty: 'follow_up', rule: 'R3', per: 'month', need: 1 },
  ],
};

/** A visit as the caller holds it; voided visits must be left out by the caller. */
export interface VisitRecord {
  on: LocalDate;
  kind: VisitKind;
  /** role of the person who visited */
  by: StaffRole;
}

/** A service session as the caller holds it; voided sessions must be left out by the caller. */
export interface ServiceRecord {
  on: LocalDate;
  type: ServiceType;
  recipient: ServiceRecipient;
}

export interface ChildHistory {
  /** protection periods (one per assessment that started a level), any order */
  periods: readonly LevelPeriod[];
  visits: readonly VisitRecord[];
  services: readonly ServiceRecord[];
  /** duties stop on the 18th birthday (R1.0) */
  birthDate?: LocalDate;
  /** the day the child left the register for any reason; duties stop from that day */
  leftOn?: LocalDate;
  /** latest assessment of any outcome, for the review reminder (R3.5) */
  lastAssessedOn?: LocalDate;
}

export interface DutyItem {
  duty: DutyKind;
  rule: 'R4.2' | 'R3';
  /** the level whose duty this is */
  level: Level;
  period: CalendarPeriod;
  /** first day whose records count: the later of the period's start and the level's start */
  countsFrom: LocalDate;
  have: number;
  need: number;
  /** the period's last day, or the day before the child leaves the register if earlier */
  dueOn: LocalDate;
  status: 'done' | 'due' | 'overdue';
  /** days from today to dueOn, negative once past */
  daysLeft: number;
  /** days since dueOn for an overdue item, else 0 */
  overdueDays: number;
}

export interface DutyReport {
  /** the level in force today, or null (no assessment yet, or the child has left) */
  level: Level | null;
  /** first day of the level in force (consecutive periods at one level count as one), or null */
  levelSince: LocalDate | null;
  /** items whose period has not ended yet (dueOn on or after today): done or due */
  current: DutyItem[];
  /** past periods, from `since` on, that ended without enough records; oldest first */
  overdue: DutyItem[];
}

export interface DutyOptions {
  /**
   * Earliest period end to report. Defaults to the start of the level in force (or of the
   * last level, for a child who has left), which bounds the scan of history.
   */
  since?: LocalDate;
}

/** R3 / R3.6: the eight kinds of case service to the child (个案服务). */
export const CASE_SERVICE_TYPES: ReadonlySet<ServiceType> = new Set<ServiceType>([
  'counselling',
  'legal_aid',
  'tutoring',
  'behaviour_correction',
  'growth_education',
  'interests',
  'skills',
  'resource_linking',
]);

/**
 * R4.2: a visit counts when it went to the home (入户, or a district spot check) and was made
 * by a child director or the street's supervisor. Phone calls do not count.
 */
export function countsAsVisit(visit: VisitRecord): boolean {
  return (
    (visit.kind === 'home' || visit.kind === 'spot_check') &&
    (visit.by === 'director' || visit.by === 'supervisor')
  );
}

/** R3: a session counts as case service when it is one of the eight kinds, given to the child. */
export function countsAsCaseService(service: ServiceRecord): boolean {
  return service.recipient === 'child' && CASE_SERVICE_TYPES.has(service.type);
}

/** R3 level 4 (个案关注): any home visit or spot check by anyone; phone calls do not count. */
export function visitCountsAsFollowUp(visit: VisitRecord): boolean {
  return visit.kind === 'home' || visit.kind === 'spot_check';
}

/** R3 level 4 (个案关注): any service session to the child or the family. */
export function serviceCountsAsFollowUp(service: ServiceRecord): boolean {
  return service.recipient === 'child' || service.recipient === 'family';
}

const NEVER = Number.POSITIVE_INFINITY;

/** Last day the child is on the register: the day before leaving or before the 18th birthday. */
export function lastDayOnRegister(history: Pick<ChildHistory, 'birthDate' | 'leftOn'>): DayNumber {
  let last = NEVER;
  if (history.birthDate !== undefined) {
    last = eighteenthBirthdayDay(parseDay(history.birthDate, 'birthDate')) - 1;
  }
  if (history.leftOn !== undefined) last = Math.min(last, parseDay(history.leftOn, 'leftOn') - 1);
  return last;
}

// The duty calculation runs for every child in every digest, so its working lists live in
// module-level scratch arrays that are overwritten, never shrunk: a call allocates only what
// it returns. JavaScript runs one call at a time and nothing here calls back out, so sharing
// them is safe.

/** Levels in order: level, first day, last day per span; consecutive equal levels merged (R3.4). */
const spanLevel: Level[] = [];
const spanStart: number[] = [];
const spanEnd: number[] = [];
const periodStarts: number[] = [];
const periodOrder: number[] = [];

function fillSpans(periods: readonly LevelPeriod[], lastDay: DayNumber): number {
  let ordered = true;
  for (let i = 0; i < periods.length; i++) {
    assertLevel(periods[i]!.level);
    periodStarts[i] = parseDay(periods[i]!.start, 'period start');
    periodOrder[i] = i;
    if (i > 0 && periodStarts[i]! < periodStarts[i - 1]!) ordered = false;
  }
  if (!ordered) {
    // Of two periods on the same day, the one given later wins, so ties keep input order.
    const order = periods.map((_, i) => i).sort((a, b) => periodStarts[a]! - periodStarts[b]! || a - b);
    for (let i = 0; i < order.length; i++) periodOrder[i] = order[i]!;
  }

  let count = 0;
  for (let k = 0; k < periods.length; k++) {
    const i = periodOrder[k]!;
    const start = periodStarts[i]!;
    const nextStart = k + 1 < periods.length ? periodStarts[periodOrder[k + 1]!]! : NEVER;
    if (nextStart === start) continue;
    if (start > lastDay) break;
    const level = periods[i]!.level;
    const end = Math.min(nextStart - 1, lastDay);
    if (count > 0 && spanLevel[count - 1] === level) {
      spanEnd[count - 1] = end;
    } else {
      spanLevel[count] = level;
      spanStart[count] = start;
      spanEnd[count] = end;
      count++;
    }
  }
  return count;
}

/** Index of the span in force on `day`, or -1. */
function spanInForce(count: number, day: DayNumber): number {
  for (let i = count - 1; i >= 0; i--) {
    if (spanStart[i]! <= day) return spanEnd[i]! >= day ? i : -1;
  }
  return -1;
}

function recordDay(on: LocalDate): DayNumber {
  const day = tryParseDay(on);
  if (day === undefined)
    throw new PolicyInputError('INVALID_HISTORY', `record date is not YYYY-MM-DD: ${on}`);
  return day;
}

/** A sorted list of qualifying record days held in a scratch array. */
interface DayList {
  days: number[];
  length: number;
}

const visitDays: DayList = { days: [], length: 0 };
const caseServiceDays: DayList = { days: [], length: 0 };
// Follow-up is counted as visits plus sessions, so the two lists are kept apart.
const followUpVisitDays: DayList = { days: [], length: 0 };
const followUpServiceDays: DayList = { days: [], length: 0 };

function push(list: DayList, day: number): void {
  list.days[list.length++] = day;
}

function sortList(list: DayList): void {
  const { days, length } = list;
  for (let i = 1; i < length; i++) {
    if (days[i]! >= days[i - 1]!) continue;
    // Out of order: insertion sort from here (lists are short and nearly sorted).
    for (let j = i; j < length; j++) {
      const value = days[j]!;
      let k = j - 1;
      while (k >= 0 && days[k]! > value) {
        days[k + 1] = days[k]!;
        k--;
      }
      days[k + 1] = value;
    }
    return;
  }
}

const NEEDS_VISIT = 1;
const NEEDS_CASE_SERVICE = 2;
const NEEDS_FOLLOW_UP = 4;
const NEED_BITS: Record<DutyKind, number> = {
  visit: NEEDS_VISIT,
  case_service: NEEDS_CASE_SERVICE,
  follow_up: NEEDS_FOLLOW_UP,
};

/** Fills the day lists with qualifying record days within [low, high], for the duties in `needs`. */
function collectDays(history: ChildHistory, low: DayNumber, high: DayNumber, needs: number): void {
  visitDays.length = 0;
  caseServiceDays.length = 0;
  followUpVisitDays.length = 0;
  followUpServiceDays.length = 0;
  const lowS = formatCached(low);
  const highS = formatCached(high);
  const followUp = (needs & NEEDS_FOLLOW_UP) !== 0;

  // ISO dates compare correctly as strings, so records outside the window are skipped unparsed.
  if ((needs & (NEEDS_VISIT | NEEDS_FOLLOW_UP)) !== 0) {
    for (const v of history.visits) {
      if (v.on < lowS || v.on > highS) continue;
      const day = recordDay(v.on);
      if (followUp && visitCountsAsFollowUp(v)) push(followUpVisitDays, day);
      if (countsAsVisit(v)) push(visitDays, day);
    }
  }
  if ((needs & (NEEDS_CASE_SERVICE | NEEDS_FOLLOW_UP)) !== 0) {
    for (const s of history.services) {
      if (s.on < lowS || s.on > highS) continue;
      const day = recordDay(s.on);
      if (followUp && serviceCountsAsFollowUp(s)) push(followUpServiceDays, day);
      if (countsAsCaseService(s)) push(caseServiceDays, day);
    }
  }
  sortList(visitDays);
  sortList(caseServiceDays);
  sortList(followUpVisitDays);
  sortList(followUpServiceDays);
}

/** Number of days in the sorted list within [from, to]. */
function countBetween(list: DayList, from: number, to: number): number {
  return firstAtLeast(list, to + 1) - firstAtLeast(list, from);
}

function firstAtLeast(list: DayList, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.days[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countFor(duty: DutyKind, from: number, to: number): number {
  if (duty === 'visit') return countBetween(visitDays, from, to);
  if (duty === 'case_service') return countBetween(caseServiceDays, from, to);
  return countBetween(followUpVisitDays, from, to) + countBetween(followUpServiceDays, from, to);
}

// Periods and formatted days repeat across children (every child has 2026年12月), so they are
// built once and shared. Shared periods are frozen.
const periodCache = new Map<number, CalendarPeriod>();
const dayCache = new Map<number, string>();
const CACHE_LIMIT = 50_000;
const KIND_INDEX: Record<PeriodKind, number> = { week: 0, month: 1, quarter: 2, half: 3, year: 4 };

function periodCached(kind: PeriodKind, start: DayNumber): CalendarPeriod {
  // A numeric key avoids building a string per item.
  const key = start * 8 + KIND_INDEX[kind];
  let period = periodCache.get(key);
  if (period === undefined) {
    if (periodCache.size >= CACHE_LIMIT) periodCache.clear();
    period = Object.freeze(periodFromStartDay(kind, start));
    periodCache.set(key, period);
  }
  return period;
}

function formatCached(day: DayNumber): string {
  let text = dayCache.get(day);
  if (text === undefined) {
    if (dayCache.size >= CACHE_LIMIT) dayCache.clear();
    text = formatDay(day);
    dayCache.set(day, text);
  }
  return text;
}

/** Windows to judge, five numbers each: span index, spec index, period start, from, due. */
const windows: number[] = [];

// The digest asks about one `today` for every child: remember the last one parsed.
let lastToday = '';
let lastTodayDay = 0;

/**
 * R3, R4.2, R4.5: every duty of the child on `today`.
 *
 * Each level's duties run over every calendar period that overlaps the level. A period is
 * judged on qualifying records from the later of its start and the level's start, up to its
 * last day. When the level changes inside a period, the old level's period is still judged
 * in full to its last day, and the new level's period starts counting on the day of the
 * change (the assessment day counts). Periods stop at the day before the child leaves the
 * register (18th birthday or leftOn). Records after `today` are ignored.
 */
export function dutiesFor(history: ChildHistory, today: LocalDate, options: DutyOptions = {}): DutyReport {
  if (today !== lastToday) {
    lastTodayDay = parseDay(today, 'today');
    lastToday = today;
  }
  const t = lastTodayDay;
  const lastDay = lastDayOnRegister(history);
  const spans = fillSpans(history.periods, lastDay);
  const inForce = spanInForce(spans, t);
  const report: DutyReport = {
    level: inForce < 0 ? null : spanLevel[inForce]!,
    levelSince: inForce < 0 ? null : formatCached(spanStart[inForce]!),
    current: [],
    overdue: [],
  };
  if (spans === 0) return report;

  const since =
    options.since !== undefined ? parseDay(options.since, 'since') : defaultSince(spans, inForce, t);
  const upTo = Math.min(t, lastDay);

  // First the windows to judge, so that only the records they can count are read.
  let size = 0;
  let low = NEVER;
  let needs = 0;
  for (let k = 0; k < spans && spanStart[k]! <= upTo; k++) {
    const first = spanStart[k]!;
    const lastStart = Math.min(spanEnd[k]!, upTo);
    const specs = DUTIES[spanLevel[k]!];
    for (let j = 0; j < specs.length; j++) {
      const spec = specs[j]!;
      let start = periodStartDay(spec.per, Math.max(first, since));
      while (start <= lastStart) {
        const next = nextPeriodStartDay(spec.per, start);
        const due = Math.min(next - 1, lastDay);
        if (due >= since) {
          const from = Math.max(start, first);
          windows[size] = k;
          windows[size + 1] = j;
          windows[size + 2] = start;
          windows[size + 3] = from;
          windows[size + 4] = due;
          size += 5;
          if (from < low) low = from;
          needs |= NEED_BITS[spec.duty];
        }
        start = next;
      }
    }
  }
  if (size === 0) return report;

  collectDays(history, low, upTo, needs);
  for (let w = 0; w < size; w += 5) {
    const level = spanLevel[windows[w]!]!;
    const spec = DUTIES[level][windows[w + 1]!]!;
    const from = windows[w + 3]!;
    const due = windows[w + 4]!;
    const have = countFor(spec.duty, from, Math.min(due, t));
    const ended = due < t;
    if (!ended || have < spec.need) {
      const item = makeItem(spec, level, windows[w + 2]!, from, due, have, t);
      (ended ? report.overdue : report.current).push(item);
    }
  }
  if (report.overdue.length > 1) report.overdue.sort(compareItems);
  return report;
}

/** The start of the level in force, or for a child with none today, of the last level begun. */
function defaultSince(spans: number, inForce: number, t: DayNumber): DayNumber {
  if (inForce >= 0) return spanStart[inForce]!;
  for (let i = spans - 1; i >= 0; i--) if (spanStart[i]! <= t) return spanStart[i]!;
  return spanStart[0]!;
}

const DUTY_ORDER: Record<DutyKind, number> = { visit: 0, case_service: 1, follow_up: 2 };

/** Oldest due date first; on the same day, the higher-risk level first, then visits first. */
function compareItems(a: DutyItem, b: DutyItem): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  return a.level - b.level || DUTY_ORDER[a.duty] - DUTY_ORDER[b.duty];
}

function makeItem(
  spec: DutySpec,
  level: Level,
  start: DayNumber,
  from: DayNumber,
  due: DayNumber,
  have: number,
  t: DayNumber,
): DutyItem {
  const status = have >= spec.need ? 'done' : due < t ? 'overdue' : 'due';
  return {
    duty: spec.duty,
    rule: spec.rule,
    level,
    period: periodCached(spec.per, start),
    countsFrom: formatCached(from),
    have,
    need: spec.need,
    dueOn: formatCached(due),
    status,
    daysLeft: due - t,
    overdueDays: status === 'overdue' ? t - due : 0,
  };
}
