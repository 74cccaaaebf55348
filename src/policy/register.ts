// R4.3 the district's yearly spot check, R4.4 the monthly register update (应退尽退), and
// R5.1 who may be paid.

import { type LocalDate, parseDay } from './dates.js';
import { eighteenthBirthday, isUnder18 } from './eligibility.js';
import type { CategoryCode } from './labels.js';
import { type CalendarPeriod, periodOf } from './periods.js';

export type LeaveReason = 'turned_18' | 'no_category' | 'died' | 'moved_out' | 'adopted';

export const LEAVE_REASON_LABELS: Record<LeaveReason, string> = {
  turned_18: '年满18周岁',
  no_category: '不再符合困境儿童类别',
  died: '死亡',
  moved_out: '迁出本区',
  adopted: '被依法收养',
};

export interface HeldCategory {
  code: CategoryCode;
  startsOn: LocalDate;
  /** the day the category stopped holding, if it has */
  endedOn?: LocalDate;
}

export interface RegisterCheck {
  rule: 'R4.4';
  /** why the child must leave the register, or null when they still count */
  leave: { reason: 'turned_18' | 'no_category'; on: LocalDate } | null;
}

/**
 * R4.4 / R1.0: at the monthly update, whether a child still counts on `on`: under 18 and in at
 * least one category. Death, moving out and adoption are facts a person records; they are
 * not derived here. When both apply, turning 18 is given as the reason.
 */
export function checkRegister(
  birthDate: LocalDate,
  categories: readonly HeldCategory[],
  on: LocalDate,
): RegisterCheck {
  if (!isUnder18(birthDate, on)) {
    return { rule: 'R4.4', leave: { reason: 'turned_18', on: eighteenthBirthday(birthDate) } };
  }
  const day = parseDay(on);
  const held = categories.filter(
    (c) => parseDay(c.startsOn) <= day && (c.endedOn === undefined || parseDay(c.endedOn) > day),
  );
  if (held.length > 0) return { rule: 'R4.4', leave: null };

  const ends = categories
    .map((c) => c.endedOn)
    .filter((d): d is string => d !== undefined && parseDay(d) <= day);
  const lastEnd = ends.sort().pop() ?? on;
  return { rule: 'R4.4', leave: { reason: 'no_category', on: lastEnd } };
}

export interface SpotCheckDuty {
  rule: 'R4.3';
  period: CalendarPeriod;
  have: number;
  need: 1;
  status: 'done' | 'due';
}

/** R4.3: the district's yearly household spot check, given the days spot checks were made. */
export function districtSpotCheck(spotChecks: readonly LocalDate[], today: LocalDate): SpotCheckDuty {
  const period = periodOf('year', today);
  const t = parseDay(today);
  const have = spotChecks.filter((d) => d >= period.start && d <= period.end && parseDay(d) <= t).length;
  return { rule: 'R4.3', period, have, need: 1, status: have >= 1 ? 'done' : 'due' };
}

export type ApplicationStatus = 'received' | 'reviewed' | 'approved' | 'refused';

/** R5.1: a child is paid only once the application has been approved after review (审批复核). */
export function isPayable(status: ApplicationStatus): boolean {
  return status === 'approved';
}
