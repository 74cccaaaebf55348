import { describe, expect, it } from 'vitest';
import { parseDay } from '../../src/policy/dates.js';
import { isoWeekOf, periodOf, quarterKey } from '../../src/policy/periods.js';

describe('R4.5 calendar periods', () => {
  it('should run ISO weeks from Monday to Sunday (周一至周日)', () => {
    expect(periodOf('week', '2026-12-03')).toEqual({
      kind: 'week',
      start: '2026-11-30',
      end: '2026-12-06',
      label: '2026年第49周',
    });
    expect(periodOf('week', '2026-11-30').start).toBe('2026-11-30');
    expect(periodOf('week', '2026-12-06').end).toBe('2026-12-06');
  });

  it('should give a week across the new year to the year of its Thursday', () => {
    expect(periodOf('week', '2027-01-01')).toMatchObject({
      start: '2026-12-28',
      end: '2027-01-03',
      label: '2026年第53周',
    });
    expect(periodOf('week', '2025-12-31')).toMatchObject({ start: '2025-12-29', label: '2026年第1周' });
    expect(isoWeekOf(parseDay('2021-01-03'))).toEqual({ year: 2020, week: 53 });
  });

  it('should end months on their last day, including 29 February', () => {
    expect(periodOf('month', '2028-02-10')).toEqual({
      kind: 'month',
      start: '2028-02-01',
      end: '2028-02-29',
      label: '2028年2月',
    });
    expect(periodOf('month', '2027-02-28').end).toBe('2027-02-28');
    expect(periodOf('month', '2026-12-31')).toMatchObject({
      start: '2026-12-01',
      end: '2026-12-31',
      label: '2026年12月',
    });
  });

  it('should split the year into quarters, halves (1–6月, 7–12月) and the year', () => {
    expect(periodOf('quarter', '2026-11-15')).toEqual({
      kind: 'quarter',
      start: '2026-10-01',
      end: '2026-12-31',
      label: '2026年第4季度',
    });
    expect(periodOf('quarter', '2026-03-31')).toMatchObject({
      start: '2026-01-01',
      end: '2026-03-31',
      label: '2026年第1季度',
    });
    expect(periodOf('half', '2026-06-30')).toMatchObject({
      start: '2026-01-01',
      end: '2026-06-30',
      label: '2026年上半年',
    });
    expect(periodOf('half', '2026-07-01')).toMatchObject({
      start: '2026-07-01',
      end: '2026-12-31',
      label: '2026年下半年',
    });
    expect(periodOf('year', '2028-02-29')).toMatchObject({
      start: '2028-01-01',
      end: '2028-12-31',
      label: '2028年',
    });
  });

  it('should name quarters as the schema stores them', () => {
    expect(quarterKey('2026-12-25')).toBe('2026-Q4');
    expect(quarterKey('2027-01-01')).toBe('2027-Q1');
  });
});
