import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  dayFromYmd,
  daysBetween,
  formatDay,
  formatYmd,
  isLocalDate,
  isoWeekday,
  parseDay,
  toLocalDate,
  tryParseDay,
  ymdFromDay,
} from '../../src/policy/dates.js';
import { PolicyInputError } from '../../src/policy/errors.js';

describe('calendar dates', () => {
  it('should round-trip and parse every day from 1900 to 2200, and refuse the day after each month end', () => {
    const wrong: string[] = [];
    let expected = dayFromYmd(1900, 1, 1);
    for (let y = 1900; y < 2200; y++) {
      for (let m = 1; m <= 12; m++) {
        const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
        for (let d = 1; d <= days; d++) {
          const day = dayFromYmd(y, m, d);
          const back = ymdFromDay(day);
          if (day !== expected || back.y !== y || back.m !== m || back.d !== d) wrong.push(`${y}-${m}-${d}`);
          if (tryParseDay(formatYmd(y, m, d)) !== day) wrong.push(`parse ${y}-${m}-${d}`);
          expected++;
        }
        if (tryParseDay(formatYmd(y, m, days + 1)) !== undefined) wrong.push(`parse ${y}-${m}-${days + 1}`);
      }
    }

    expect(wrong).toEqual([]);
    expect(expected - dayFromYmd(1900, 1, 1)).toBe(109_573);
  });

  it('should agree with UTC epoch days', () => {
    expect(dayFromYmd(1970, 1, 1)).toBe(0);
    expect(dayFromYmd(2026, 12, 3)).toBe(Date.UTC(2026, 11, 3) / 86_400_000);
    expect(formatDay(-1)).toBe('1969-12-31');
  });

  it('should refuse dates that do not exist', () => {
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-4-01',
      '20260401',
      '',
      'abcd-ef-gh',
    ]) {
      expect(isLocalDate(bad)).toBe(false);
      expect(() => parseDay(bad)).toThrow(PolicyInputError);
    }
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2000-02-29')).toBe(true);
    expect(isLocalDate('1900-02-29')).toBe(false);
  });

  it('should count days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(compareDates('2026-12-31', '2027-01-01')).toBeLessThan(0);
  });

  it('should number ISO weekdays from Monday', () => {
    expect(isoWeekday(parseDay('2026-12-07'))).toBe(1);
    expect(isoWeekday(parseDay('2026-12-13'))).toBe(7);
    expect(isoWeekday(parseDay('1970-01-01'))).toBe(4);
  });
});

describe('R3.7 calendar months with end-of-month clamping', () => {
  it('should put the 3-month review of a level started on 31 January on 30 April', () => {
    expect(addMonths('2026-01-31', 3)).toBe('2026-04-30');
  });

  it('should clamp to 28 or 29 February', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2028-08-31', 6)).toBe('2029-02-28');
  });

  it('should keep the day when the target month has it', () => {
    expect(addMonths('2026-02-28', 3)).toBe('2026-05-28');
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15');
    expect(addMonths('2026-12-31', 6)).toBe('2027-06-30');
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
  });

  it('should move 29 February to 28 February in a common year', () => {
    expect(addYears('2008-02-29', 18)).toBe('2026-02-28');
    expect(addYears('2008-02-29', 20)).toBe('2028-02-29');
  });
});

describe('toLocalDate: instants to Asia/Shanghai calendar days', () => {
  it('should use UTC+8 whatever the host time zone', () => {
    expect(toLocalDate(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(toLocalDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
    expect(toLocalDate(new Date('2028-02-28T16:30:00Z'))).toBe('2028-02-29');
    expect(toLocalDate(new Date(0))).toBe('1970-01-01');
    expect(toLocalDate(new Date(-8 * 3_600_000 - 1))).toBe('1969-12-31');
  });

  it('should refuse an invalid Date', () => {
    expect(() => toLocalDate(new Date('not a date'))).toThrow(PolicyInputError);
  });
});
