import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dutiesFor, type ServiceRecord, type VisitRecord } from '../../src/policy/duties.js';
import type { Level } from '../../src/policy/labels.js';
import {
  checkTransition,
  type LevelPeriod,
  MINIMUM_PERIOD_MONTHS,
  reviewDate,
} from '../../src/policy/levels.js';
import { fromEpochDay, naiveAddMonths, periodEnd, periodKey, TABLE, toEpochDay } from './oracle.js';

const FIRST = toEpochDay('2019-01-01');
const LAST = toEpochDay('2031-12-31');
const dayArb = fc.integer({ min: FIRST, max: LAST });
const levelArb = fc.constantFrom<Level>(1, 2, 3, 4);

/** A child's levels: a first start, then changes after random gaps, never the same level twice in a row. */
const spansArb = fc
  .record({
    first: fc.integer({ min: FIRST, max: FIRST + 2000 }),
    levels: fc.array(levelArb, { minLength: 1, maxLength: 6 }),
    gaps: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ first, levels, gaps }) => {
    const periods: LevelPeriod[] = [];
    let day = first;
    levels.forEach((level, i) => {
      if (periods.length > 0 && periods[periods.length - 1]!.level === level) return;
      periods.push({ level, start: fromEpochDay(day) });
      day += gaps[i]!;
    });
    return periods;
  });

interface Window {
  level: Level;
  duty: 'visit' | 'case_service' | 'follow_up';
  need: number;
  from: number;
  due: number;
}

/** Every duty window the rules define, found by walking each level's days one by one. */
function naiveWindows(periods: LevelPeriod[], today: number, lastDay: number): Window[] {
  const windows: Window[] = [];
  periods.forEach((p, i) => {
    const start = toEpochDay(p.start);
    const next = periods[i + 1];
    const end = Math.min(next ? toEpochDay(next.start) - 1 : Number.POSITIVE_INFINITY, today, lastDay);
    for (const spec of TABLE[p.level]) {
      let key: number | undefined;
      for (let day = start; day <= end; day++) {
        if (periodKey(spec.per, day) === key) continue;
        key = periodKey(spec.per, day);
        windows.push({
          level: p.level,
          duty: spec.duty,
          need: spec.need,
          from: day,
          due: Math.min(periodEnd(spec.per, day), lastDay),
        });
      }
    }
  });
  return windows;
}

/** Records giving every window what it needs, on pseudo-random days between its start and today. */
function recordsFor(windows: Window[], today: number, seed: number) {
  let state = seed >>> 0 || 1;
  const rand = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state % n;
  };
  const visits: VisitRecord[] = [];
  const services: ServiceRecord[] = [];
  for (const w of windows) {
    const last = Math.min(w.due, today);
    for (let k = 0; k < w.need; k++) {
      const on = fromEpochDay(w.from + rand(last - w.from + 1));
      if (w.duty === 'visit') visits.push({ on, kind: 'home', by: rand(2) ? 'director' : 'supervisor' });
      else if (w.duty === 'case_service') services.push({ on, type: 'tutoring', recipient: 'child' });
      else if (rand(2)) visits.push({ on, kind: 'home', by: 'district' });
      else services.push({ on, type: 'family_support', recipient: 'family' });
    }
  }
  return { visits, services };
}

describe('properties of tier changes (R3.1–R3.3)', () => {
  const stepsArb = fc.array(fc.record({ gap: fc.integer({ min: 0, max: 200 }), tier: levelArb }), {
    maxLength: 30,
  });

  it('should never allow 1 → 4 in one step, nor a decrease before the minimum period', () => {
    fc.assert(
      fc.property(dayArb, levelArb, stepsArb, (first, tier, steps) => {
        let current: LevelPeriod = { level: tier, start: fromEpochDay(first) };
        let day = first;
        for (const step of steps) {
          day += step.gap;
          const on = fromEpochDay(day);
          const result = checkTransition(current, step.tier, on);
          const months = MINIMUM_PERIOD_MONTHS[current.level];

          if (result.allowed && step.tier > current.level) {
            expect(current.level === 1 && step.tier === 4).toBe(false);
            expect(on >= naiveAddMonths(current.start, months!)).toBe(true);
          }
          if (!result.allowed && result.earliestOn !== null) {
            expect(result.earliestOn).toBe(naiveAddMonths(current.start, months!));
            expect(checkTransition(current, step.tier, result.earliestOn).allowed).toBe(true);
          }
          if (step.tier < current.level) expect(result.allowed).toBe(true);
          if (result.allowed && result.startsNewPeriod) current = result.period;
        }
      }),
    );
  });

  it('should put the review date exactly 3, 3 or 6 calendar months after the start', () => {
    fc.assert(
      fc.property(dayArb, fc.constantFrom<Level>(1, 2, 3), (day, level) => {
        const start = fromEpochDay(day);
        const review = reviewDate(level, start)!;
        const months =
          (Number(review.slice(0, 4)) - Number(start.slice(0, 4))) * 12 +
          Number(review.slice(5, 7)) -
          Number(start.slice(5, 7));
        const lastOfMonth = new Date(
          Date.UTC(Number(review.slice(0, 4)), Number(review.slice(5, 7)), 0),
        ).getUTCDate();

        expect(months).toBe(level === 3 ? 6 : 3);
        expect(Number(review.slice(8, 10))).toBe(Math.min(Number(start.slice(8, 10)), lastOfMonth));
        expect(review).toBe(naiveAddMonths(start, months));
      }),
    );
  });
});

describe('properties of duties (R3, R4.2, R4.5)', () => {
  const childArb = fc.record({
    periods: spansArb,
    todayOffset: fc.integer({ min: 0, max: 1500 }),
    birth: fc.option(fc.integer({ min: FIRST - 18 * 365, max: FIRST }), { nil: undefined }),
    seed: fc.integer(),
  });

  it('should never find a child overdue who had a qualifying record in every period', () => {
    fc.assert(
      fc.property(childArb, ({ periods, todayOffset, birth, seed }) => {
        const today = toEpochDay(periods[0]!.start) + todayOffset;
        const birthDate = birth === undefined ? undefined : fromEpochDay(birth);
        const lastDay =
          birthDate === undefined ? Number.POSITIVE_INFINITY : toEpochDay(naiveAddMonths(birthDate, 216)) - 1;
        const records = recordsFor(naiveWindows(periods, today, lastDay), today, seed);

        const report = dutiesFor({ periods, birthDate, ...records }, fromEpochDay(today), {
          since: '2000-01-01',
        });

        expect(report.overdue).toEqual([]);
        expect(report.current.filter((i) => i.status !== 'done')).toEqual([]);
      }),
    );
  });

  it('should find every ended window overdue when nothing was recorded', () => {
    fc.assert(
      fc.property(childArb, ({ periods, todayOffset }) => {
        const today = toEpochDay(periods[0]!.start) + todayOffset;
        const windows = naiveWindows(periods, today, Number.POSITIVE_INFINITY);

        const report = dutiesFor({ periods, visits: [], services: [] }, fromEpochDay(today), {
          since: '2000-01-01',
        });

        const seen = report.overdue.map((i) => `${i.level} ${i.duty} ${i.countsFrom} ${i.dueOn}`).sort();
        const expected = windows
          .filter((w) => w.due < today)
          .map((w) => `${w.level} ${w.duty} ${fromEpochDay(w.from)} ${fromEpochDay(w.due)}`)
          .sort();
        expect(seen).toEqual(expected);
        expect(report.current.length).toBe(windows.length - expected.length);
      }),
    );
  });

  it('should never put a due date before its period, and count exactly the qualifying records in the window', () => {
    const visitArb = fc.record({
      on: dayArb.map(fromEpochDay),
      kind: fc.constantFrom('home', 'phone', 'spot_check') as fc.Arbitrary<VisitRecord['kind']>,
      by: fc.constantFrom('director', 'supervisor', 'street', 'district') as fc.Arbitrary<VisitRecord['by']>,
    });
    const serviceArb = fc.record({
      on: dayArb.map(fromEpochDay),
      type: fc.constantFrom('counselling', 'respite', 'group_work', 'skills') as fc.Arbitrary<
        ServiceRecord['type']
      >,
      recipient: fc.constantFrom('child', 'family', 'other') as fc.Arbitrary<ServiceRecord['recipient']>,
    });
    fc.assert(
      fc.property(
        childArb,
        fc.array(visitArb, { maxLength: 80 }),
        fc.array(serviceArb, { maxLength: 80 }),
        (child, visits, services) => {
          const today = toEpochDay(child.periods[0]!.start) + child.todayOffset;
          const report = dutiesFor({ periods: child.periods, visits, services }, fromEpochDay(today), {
            since: '2000-01-01',
          });

          for (const item of [...report.current, ...report.overdue]) {
            expect(item.period.start <= item.countsFrom).toBe(true);
            expect(item.countsFrom <= item.dueOn).toBe(true);
            expect(item.dueOn <= item.period.end).toBe(true);
            const upTo = fromEpochDay(Math.min(toEpochDay(item.dueOn), today));
            const inWindow = (on: string) => on >= item.countsFrom && on <= upTo;
            const count =
              item.duty === 'visit'
                ? visits.filter(
                    (v) =>
                      inWindow(v.on) && v.kind !== 'phone' && (v.by === 'director' || v.by === 'supervisor'),
                  ).length
                : item.duty === 'case_service'
                  ? services.filter(
                      (s) =>
                        inWindow(s.on) &&
                        s.recipient === 'child' &&
                        (s.type === 'counselling' || s.type === 'skills'),
                    ).length
                  : visits.filter((v) => inWindow(v.on) && v.kind !== 'phone').length +
                    services.filter((s) => inWindow(s.on) && s.recipient !== 'other').length;
            expect(item.have).toBe(count);
          }
        },
      ),
    );
  });
});
