// The 18-digit resident identity number of GB 11643-1999: 6 digits of region, 8 of birth
// date, 3 of sequence (odd for men, even for women), and an ISO 7064 MOD 11-2 check character.

import { dayFromYmd, daysInMonth, formatYmd, type LocalDate, parseDay } from './dates.js';
import type { Sex } from './labels.js';

export type IdNumberProblem = 'format' | 'region' | 'birth_date' | 'future_birth_date' | 'check_digit';

export type IdNumberResult =
  | { ok: true; idNumber: string; regionCode: string; birthDate: LocalDate; sex: Sex }
  | { ok: false; problem: IdNumberProblem };

// Province-level prefixes in use: mainland provinces, 71 Taiwan, 81 Hong Kong, 82 Macao,
// 83 residence permits for Taiwan residents. County codes are not checked one by one: they
// change with redistricting and old numbers keep abolished codes for life.
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83,
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Validates an 18-digit resident ID number (R1.3) and reads birth date and sex from it.
 * Surrounding spaces and a lower-case `x` are accepted and normalised. With `asOf`, a birth
 * date after that day is refused.
 */
export function parseIdNumber(input: string, asOf?: LocalDate): IdNumberResult {
  const idNumber = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) return { ok: false, problem: 'format' };
  if (!PROVINCES.has(Number(idNumber.slice(0, 2)))) return { ok: false, problem: 'region' };

  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  if (y < 1800 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
    return { ok: false, problem: 'birth_date' };
  if (asOf !== undefined && dayFromYmd(y, m, d) > parseDay(asOf, 'asOf')) {
    return { ok: false, problem: 'future_birth_date' };
  }
  if (idCheckCharacter(idNumber) !== idNumber[17]) return { ok: false, problem: 'check_digit' };

  const sex: Sex = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, idNumber, regionCode: idNumber.slice(0, 6), birthDate: formatYmd(y, m, d), sex };
}

export function isValidIdNumber(input: string): boolean {
  return parseIdNumber(input).ok;
}

/** Chinese text for a refused ID number, for replies. */
export const ID_NUMBER_PROBLEM_LABELS: Record<IdNumberProblem, string> = {
  format: '身份证号应为18位，前17位为数字，最后一位为数字或X',
  region: '身份证号前两位不是有效的省级行政区划代码',
  birth_date: '身份证号中的出生日期不是有效日期',
  future_birth_date: '身份证号中的出生日期晚于今天',
  check_digit: '身份证号校验位不正确，请核对',
};
