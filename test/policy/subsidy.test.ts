import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatYuan,
  monthlyEntitlement,
  parseQuarter,
  parseYuan,
  payFromMonth,
  paymentChanges,
  paymentList,
  quarterHolding,
  rateFor,
  type SubsidyChild,
  type SubsidyRate,
  totalFen,
} from '../../src/policy/index.js';

const RATES: SubsidyRate[] = [
  { category: 'C1', fromMonth: '2026-01-01', fen: 260000 },
  { category: 'C2', fromMonth: '2026-01-01', fen: 180000 },
  { category: 'C4a', fromMonth: '2026-01-01', fen: 200000 },
  { category: 'C4', fromMonth: '2026-01-01', fen: 120000 },
  { category: 'C1', fromMonth: '2027-01-01', fen: 275000 },
];

function child(over: Partial<SubsidyChild> = {}): SubsidyChild {
  return {
    id: 1,
    birthDate: '2015-03-08',
    categories: [{ code: 'C2b', startsOn: '2025-06-01' }],
    payFrom: '2025-07-01',
    ...over,
  };
}

describe('R5.2 who is paid in a month, and how much', () => {
  it('should pay a child in the register at the standard of their category', () => {
    expect(monthlyEntitlement(child(), '2026-12-01', RATES)).toEqual({
      childId: 1,
      category: 'C2b',
      fen: 180000,
    });
  });

  it('should not pay before the first month of payment (R5.1)', () => {
    expect(monthlyEntitlement(child({ payFrom: '2027-01-01' }), '2026-12-01', RATES)).toEqual({
      childId: 1,
      excluded: 'not_yet',
    });
    expect(monthlyEntitlement(child({ payFrom: '2027-01-01' }), '2027-01-01', RATES)).toMatchObject({
      fen: 180000,
    });
  });

  it('should pay the month of the 18th birthday and stop from the next (R5.4, R1.0)', () => {
    const turning = child({ birthDate: '2008-12-31' });
    expect(monthlyEntitlement(turning, '2026-12-01', RATES)).toMatchObject({ fen: 180000 });
    expect(monthlyEntitlement(turning, '2027-01-01', RATES)).toEqual({ childId: 1, excluded: 'turned_18' });
  });

  it('should pay the month a child leaves the register and stop from the next (R5.4)', () => {
    const leaving = child({ leftOn: '2026-11-03' });
    expect(monthlyEntitlement(leaving, '2026-11-01', RATES)).toMatchObject({ fen: 180000 });
    expect(monthlyEntitlement(leaving, '2026-12-01', RATES)).toEqual({ childId: 1, excluded: 'left' });
  });

  it('should stop from the month after the last category ended (R5.4)', () => {
    const ended = child({ categories: [{ code: 'C2b', startsOn: '2025-06-01', endedOn: '2026-10-15' }] });
    expect(monthlyEntitlement(ended, '2026-10-01', RATES)).toMatchObject({ fen: 180000 });
    expect(monthlyEntitlement(ended, '2026-11-01', RATES)).toEqual({ childId: 1, excluded: 'no_category' });
  });

  it('should pay the highest standard among the categories held in the month', () => {
    const both = child({
      categories: [
        { code: 'C2b', startsOn: '2025-06-01' },
        { code: 'C1b', startsOn: '2026-11-20' },
      ],
    });
    expect(monthlyEntitlement(both, '2026-10-01', RATES)).toMatchObject({ category: 'C2b', fen: 180000 });
    expect(monthlyEntitlement(both, '2026-11-01', RATES)).toMatchObject({ category: 'C1b', fen: 260000 });
  });

  it('should prefer a sub-type’s own standard to its group’s, and follow changes by month', () => {
    expect(rateFor(RATES, 'C4a', '2026-12-01')).toBe(200000);
    expect(rateFor(RATES, 'C4b', '2026-12-01')).toBe(120000);
    expect(rateFor(RATES, 'C1b', '2026-12-01')).toBe(260000);
    expect(rateFor(RATES, 'C1b', '2027-01-01')).toBe(275000);
    expect(rateFor(RATES, 'C5a', '2027-01-01')).toBeUndefined();
  });

  it('should leave out a child whose categories have no standard', () => {
    const poor = child({ categories: [{ code: 'C5a', startsOn: '2025-06-01' }] });
    expect(monthlyEntitlement(poor, '2026-12-01', RATES)).toEqual({ childId: 1, excluded: 'no_rate' });
  });

  it('should start payment the month after approval by default, or the same month (R5.1)', () => {
    expect(payFromMonth('2026-12-31', 'next_month')).toBe('2027-01-01');
    expect(payFromMonth('2026-12-31', 'same_month')).toBe('2026-12-01');
  });
});

describe('R5.2 changes since last month', () => {
  it('should name new children, children who left and amounts that changed', () => {
    const before = [
      { childId: 1, category: 'C2b' as const, fen: 180000 },
      { childId: 2, category: 'C2b' as const, fen: 180000 },
    ];
    const after = [
      { childId: 2, category: 'C1b' as const, fen: 260000 },
      { childId: 3, category: 'C2b' as const, fen: 180000 },
    ];
    expect(paymentChanges(before, after)).toEqual([
      { kind: 'amount', childId: 2, fromFen: 180000, toFen: 260000 },
      { kind: 'new', childId: 3, fen: 180000 },
      { kind: 'left', childId: 1, fen: 180000 },
    ]);
  });

  it('should keep last month’s total plus the changes equal to this month’s total', () => {
    const entries = fc.array(
      fc.record({ childId: fc.integer({ min: 1, max: 40 }), fen: fc.integer({ min: 1, max: 500000 }) }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(entries, entries, (a, b) => {
        const uniq = (xs: { childId: number; fen: number }[]) => [
          ...new Map(xs.map((x) => [x.childId, { ...x, category: 'C1a' as const }])).values(),
        ];
        const prev = uniq(a);
        const next = uniq(b);
        let sum = totalFen(prev);
        for (const c of paymentChanges(prev, next)) {
          if (c.kind === 'new') sum += c.fen;
          else if (c.kind === 'left') sum -= c.fen;
          else sum += c.toFen - c.fromFen;
        }
        expect(sum).toBe(totalFen(next));
      }),
    );
  });

  it('should list every paid child once, in the given order', () => {
    const list = paymentList(
      [child({ id: 5 }), child({ id: 6, leftOn: '2026-01-01' }), child({ id: 7 })],
      '2026-12-01',
      RATES,
    );
    expect(list.map((e) => e.childId)).toEqual([5, 7]);
  });
});

describe('money and quarters as written', () => {
  it('should turn fen into yuan and back without rounding', () => {
    expect(formatYuan(260000)).toBe('2600.00');
    expect(formatYuan(185050)).toBe('1850.50');
    expect(formatYuan(7)).toBe('0.07');
    expect(parseYuan('1850.5')).toBe(185050);
    expect(parseYuan('2,600')).toBe(260000);
    expect(parseYuan('2600元')).toBeUndefined();
    expect(parseYuan('-5')).toBeUndefined();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (fen) => parseYuan(formatYuan(fen)) === fen),
    );
  });

  it('should read quarters as people write them', () => {
    expect(parseQuarter('2027Q1')?.months).toEqual(['2027-01-01', '2027-02-01', '2027-03-01']);
    expect(parseQuarter('2027-Q2')?.key).toBe('2027-Q2');
    expect(parseQuarter('2027年第三季度')?.key).toBe('2027-Q3');
    expect(parseQuarter('2027年4季度')?.key).toBe('2027-Q4');
    expect(parseQuarter('2027Q5')).toBeUndefined();
    expect(quarterHolding('2026-12-03').key).toBe('2026-Q4');
  });
});
