// R2 and R3: tiers set by assessment, protection levels, their minimum periods, and which
// changes of tier are allowed when.

import { addMonthsToDay, formatDay, type LocalDate, parseDay } from './dates.js';
import { PolicyInputError } from './errors.js';
import { isLevel, type Level } from './labels.js';

/** R3: minimum period of each level in calendar months; level 4 has none. */
export const MINIMUM_PERIOD_MONTHS: Record<Level, number | null> = { 1: 3, 2: 3, 3: 6, 4: null };

/** A protection period at a level, as the caller holds it (ProtectionPeriod.level, startOn). */
export interface LevelPeriod {
  level: Level;
  start: LocalDate;
}

export interface PeriodPlan extends LevelPeriod {
  /** R3.5 review date, or null for level 4 */
  reviewOn: LocalDate | null;
}

export type TransitionChange = 'initial' | 'up' | 'down' | 'same';

export type TransitionResult =
  | {
      allowed: true;
      change: TransitionChange;
      /** R2 initial tier, R3.1 up, R3.2 down after the minimum period, R3.4 same tier */
      rule: 'R2' | 'R3.1' | 'R3.2' | 'R3.4';
      /** false only for a same-tier reassessment, which keeps the current period (R3.4) */
      startsNewPeriod: boolean;
      /** the period in force after the assessment */
      period: PeriodPlan;
    }
  | {
      allowed: false;
      change: 'down';
      /** R3.3 for 1 → 4 (never in one step), otherwise R3.2 (minimum period not run) */
      rule: 'R3.2' | 'R3.3';
      /** first day the same decrease is allowed; null when it never is (R3.3) */
      earliestOn: LocalDate | null;
      /** the current period, unchanged */
      period: PeriodPlan;
    };

export function assertLevel(value: unknown, what = 'level'): Level {
  if (!isLevel(value))
    throw new PolicyInputError('INVALID_LEVEL', `${what} must be 1, 2, 3 or 4: ${String(value)}`);
  return value;
}

/** Review day number of a level starting on day `start`, or null for level 4. */
export function reviewDay(level: Level, start: number): number | null {
  const months = MINIMUM_PERIOD_MONTHS[level];
  return months === null ? null : addMonthsToDay(start, months);
}

/**
 * R3.5 / R3.7: the review date (复评日) of a level started on `start`: start plus 3, 3 or 6
 * calendar months, clamped to the month's end; null for level 4.
 */
export function reviewDate(level: Level, start: LocalDate): LocalDate | null {
  const day = reviewDay(assertLevel(level), parseDay(start, 'start'));
  return day === null ? null : formatDay(day);
}

function plan(level: Level, start: LocalDate): PeriodPlan {
  return { level, start, reviewOn: reviewDate(level, start) };
}

/**
 * R3.1–R3.4: whether an assessment on `on` may set `proposed` given the period in force
 * (`current`, or null for a child's first assessment), and the period that follows.
 * A smaller number is a higher risk: 2 → 1 is going up.
 */
export function checkTransition(
  current: LevelPeriod | null,
  proposed: Level,
  on: LocalDate,
): TransitionResult {
  assertLevel(proposed, 'proposed tier');
  const day = parseDay(on);
  if (current === null) {
    return {
      allowed: true,
      change: 'initial',
      rule: 'R2',
      startsNewPeriod: true,
      period: plan(proposed, on),
    };
  }

  const level = assertLevel(current.level, 'current level');
  const start = parseDay(current.start, 'current start');
  if (day < start) {
    throw new PolicyInputError(
      'DATE_BEFORE_PERIOD',
      `assessment on ${on} is before the period start ${current.start}`,
    );
  }
  const kept = plan(level, current.start);
  if (proposed === level) {
    return { allowed: true, change: 'same', rule: 'R3.4', startsNewPeriod: false, period: kept };
  }
  if (proposed < level) {
    return { allowed: true, change: 'up', rule: 'R3.1', startsNewPeriod: true, period: plan(proposed, on) };
  }

  if (level === 1 && proposed === 4) {
    return { allowed: false, change: 'down', rule: 'R3.3', earliestOn: null, period: kept };
  }
  const review = reviewDay(level, start);
  // Level 4 cannot go down, so `review` is a date here.
  if (review !== null && day < review) {
    return { allowed: false, change: 'down', rule: 'R3.2', earliestOn: formatDay(review), period: kept };
  }
  return { allowed: true, change: 'down', rule: 'R3.2', startsNewPeriod: true, period: plan(proposed, on) };
}

export interface ReviewReminder {
  rule: 'R3.5';
  level: Level;
  reviewOn: LocalDate;
  /** upcoming before the day, due on it, overdue after it with no reassessment since */
  status: 'upcoming' | 'due' | 'overdue';
  /** days from today to reviewOn; negative once it has passed */
  daysLeft: number;
}

/**
 * R3.5: the review date to remind people of for the period in force, or null for level 4.
 * A reassessment on or after the review date that kept the level (R3.4) is the review; the
 * next one then falls a minimum period after it. Pass the latest assessment date, if any.
 */
export function reviewReminder(
  period: LevelPeriod,
  today: LocalDate,
  lastAssessedOn?: LocalDate,
): ReviewReminder | null {
  const level = assertLevel(period.level);
  const base = reviewDay(level, parseDay(period.start, 'start'));
  if (base === null) return null;

  let review = base;
  if (lastAssessedOn !== undefined) {
    const last = parseDay(lastAssessedOn, 'lastAssessedOn');
    if (last >= base) review = reviewDay(level, last)!;
  }
  const daysLeft = review - parseDay(today);
  const status = daysLeft > 0 ? 'upcoming' : daysLeft === 0 ? 'due' : 'overdue';
  return { rule: 'R3.5', level, reviewOn: formatDay(review), status, daysLeft };
}
