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

interface Span {
  level: Level;
  start: DayNumber;
  end: DayNumber;
}

const NEVER = Number.POSITIVE_INFINITY;

/** Spans of the levels in order; consecutive periods at the same level merge (R3.4). */
export function levelSpans(periods: readonly LevelPeriod[], lastDay: DayNumber): Span[] {
  const parsed = periods.map((p, i) => ({
    level: assertLevel(p.level),
    start: parseDay(p.start, 'period start'),
    i,
  }));
  // Sort by start; of two periods on the same day, the one given later wins.
  parsed.sort((a, b) => a.start - b.start || a.i - b.i);

  const spans: Span[] = [];
  for (let k = 0; k < parsed.length; k++) {
    const p = parsed[k]!;
    const next = parsed[k + 1];
    if (next && next.start === p.start) continue;
    if (p.start > lastDay) break;
    const end = Math.min(next ? next.start - 1 : NEVER, lastDay);
    const prev = spans[spans.length - 1];
    if (prev && prev.level === p.level) prev.end = end;
    else spans.push({ level: p.level, start: p.start, end });
  }
  return spans;
}

/** Last day the child is on the register: the day before leaving or before the 18th birthday. */
export function lastDayOnRegister(history: Pick<ChildHistory, 'birthDate' | 'leftOn'>): DayNumber {
  let last = NEVER;
  if (history.birthDate !== undefined) {
    last = eighteenthBirthdayDay(parseDay(history.birthDate, 'birthDate')) - 1;
  }
  if (history.leftOn !== undefined) last = Math.min(last, parseDay(history.leftOn, 'leftOn') - 1);
  return last;
}

function recordDay(on: LocalDate): DayNumber {
  const day = tryParseDay(on);
  if (day === undefined)
    throw new PolicyInputError('INVALID_HISTORY', `record date is not YYYY-MM-DD: ${on}`);
  return day;
}

function ascending(a: number, b: number): number {
  return a - b;
}

function sortIfNeeded(days: number[]): number[] {
  for (let i = 1; i < days.length; i++) {
    if (days[i]! < days[i - 1]!) return days.sort(ascending);
  }
  return days;
}

/** Qualifying record days per duty, within [low, high], sorted. */
function collectDays(history: ChildHistory, low: DayNumber, high: DayNumber) {
  const lowS = formatCached(low);
  const highS = formatCached(high);
  const visit: number[] = [];
  const caseService: number[] = [];
  const followUp: number[] = [];

  // ISO dates compare correctly as strings, so records outside the window are skipped unparsed.
  for (const v of history.visits) {
    if (v.on < lowS || v.on > highS) continue;
    const day = recordDay(v.on);
    if (visitCountsAsFollowUp(v)) followUp.push(day);
    if (countsAsVisit(v)) visit.push(day);
  }
  for (const s of history.services) {
    if (s.on < lowS || s.on > highS) continue;
    const day = recordDay(s.on);
    if (serviceCountsAsFollowUp(s)) followUp.push(day);
    if (countsAsCaseService(s)) caseService.push(day);
  }
  return {
    visit: sortIfNeeded(visit),
    case_service: sortIfNeeded(caseService),
    follow_up: sortIfNeeded(followUp),
  } satisfies Record<DutyKind, number[]>;
}

/** Number of values in the sorted array within [from, to]. */
function countBetween(days: number[], from: number, to: number): number {
  return firstAtLeast(days, to + 1) - firstAtLeast(days, from);
}

function firstAtLeast(days: number[], value: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Periods and formatted days repeat across children (every child has 2026年12月), so they are
// built once and shared. Shared periods are frozen.
const periodCache = new Map<string, CalendarPeriod>();
const dayCache = new Map<number, string>();
const CACHE_LIMIT = 50_000;

function periodCached(kind: PeriodKind, start: DayNumber): CalendarPeriod {
  const key = `${kind}${start}`;
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

function levelInForce(spans: Span[], day: DayNumber): Span | undefined {
  for (let i = spans.length - 1; i >= 0; i--) {
    const span = spans[i]!;
    if (span.start <= day) return span.end >= day ? span : undefined;
  }
  return undefined;
}

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
  const t = parseDay(today, 'today');
  const lastDay = lastDayOnRegister(history);
  const spans = levelSpans(history.periods, lastDay);
  const inForce = levelInForce(spans, t);
  const report: DutyReport = {
    level: inForce?.level ?? null,
    levelSince: inForce ? formatCached(inForce.start) : null,
    current: [],
    overdue: [],
  };
  if (spans.length === 0) return report;

  const since =
    options.since !== undefined
      ? parseDay(options.since, 'since')
      : (inForce ?? spans.filter((s) => s.start <= t).pop() ?? spans[0]!).start;
  const upTo = Math.min(t, lastDay);
  const low = Math.min(periodStartDay('year', since), periodStartDay('week', since));
  const days = collectDays(history, low, upTo);

  for (const span of spans) {
    if (span.start > upTo) break;
    const lastStart = Math.min(span.end, upTo);
    for (const spec of DUTIES[span.level]) {
      const records = days[spec.duty];
      let start = periodStartDay(spec.per, Math.max(span.start, since));
      while (start <= lastStart) {
        const next = nextPeriodStartDay(spec.per, start);
        const from = Math.max(start, span.start);
        const due = Math.min(next - 1, lastDay);
        if (due >= since) {
          const have = countBetween(records, from, Math.min(due, t));
          const ended = due < t;
          if (!ended || have < spec.need) {
            const item = makeItem(spec, span.level, start, from, due, have, t);
            (ended ? report.overdue : report.current).push(item);
          }
        }
        start = next;
      }
    }
  }
  report.overdue.sort(compareItems);
  return report;
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
