// R1.0 age, R1.1 severe disability, and the cost test of C4b.

import { addMonthsToDay, formatDay, type LocalDate, parseDay, ymdFromDay } from './dates.js';
import { PolicyInputError } from './errors.js';

/**
 * The 18th birthday (R1.0): the day the child stops counting and leaves the register.
 * Someone born on 29 February turns 18 on 28 February in a common year (the same month-end
 * clamping as R3.7).
 */
export function eighteenthBirthday(birthDate: LocalDate): LocalDate {
  return formatDay(eighteenthBirthdayDay(parseDay(birthDate, 'birthDate')));
}

export function eighteenthBirthdayDay(birthDay: number): number {
  return addMonthsToDay(birthDay, 18 * 12);
}

/** R1.0: whether a child born on `birthDate` is under 18 on `on` (false from the 18th birthday). */
export function isUnder18(birthDate: LocalDate, on: LocalDate): boolean {
  const birth = parseDay(birthDate, 'birthDate');
  const day = parseDay(on);
  return day >= birth && day < eighteenthBirthdayDay(birth);
}

/** Age in completed years on `on` (周岁), with the same 29 February rule as eighteenthBirthday. */
export function ageOn(birthDate: LocalDate, on: LocalDate): number {
  const birth = parseDay(birthDate, 'birthDate');
  const day = parseDay(on);
  if (day < birth) throw new PolicyInputError('INVALID_DATE', `${on} is before the birth date ${birthDate}`);
  const b = ymdFromDay(birth);
  const t = ymdFromDay(day);
  let years = t.y - b.y;
  if (addMonthsToDay(birth, years * 12) > day) years -= 1;
  return years;
}

/** The C4b threshold: out-of-pocket costs in one year must be over 20,000 yuan. */
export const C4B_OUT_OF_POCKET_LIMIT_YUAN = 20_000;

/**
 * C4b: whether a year's out-of-pocket costs for inpatient and outpatient treatment under the
 * medical-insurance rules qualify. "超过2万元" is strictly more: 20,000.00 does not, 20,000.01 does.
 * The year is the medical-insurance year the caller totals (a calendar year in Suzhou).
 */
export function qualifiesByOutOfPocketCost(yuan: number): boolean {
  if (!Number.isFinite(yuan) || yuan < 0)
    throw new PolicyInputError('INVALID_AMOUNT', `not an amount: ${yuan}`);
  return Math.round(yuan * 100) > C4B_OUT_OF_POCKET_LIMIT_YUAN * 100;
}

export type DisabilityKind =
  | 'visual'
  | 'hearing'
  | 'speech'
  | 'physical'
  | 'intellectual'
  | 'mental'
  | 'multiple';

export interface Disability {
  kind: DisabilityKind;
  /** 1 (most severe) to 4 */
  grade: 1 | 2 | 3 | 4;
  /** caused by an adverse reaction to a vaccination (预防接种异常反应) */
  fromVaccination?: boolean;
}

/** R1.1 重残: grade 1–2 of any kind, or grade 3–4 mental or intellectual disability. */
export function isSevereDisability(disability: Disability): boolean {
  if (disability.grade <= 2) return true;
  return disability.kind === 'mental' || disability.kind === 'intellectual';
}

/**
 * C4a for the child: a severe disability (R1.1), or grade 1–3 from a vaccination adverse reaction.
 */
export function qualifiesC4a(disability: Disability): boolean {
  return isSevereDisability(disability) || (disability.fromVaccination === true && disability.grade <= 3);
}
