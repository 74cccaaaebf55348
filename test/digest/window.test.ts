// The digest reads only the records a child's to-do list can depend on (src/digest/window.ts).
// These tests hold it to the policy engine: the to-do list on the trimmed history is the one on
// the whole history, for random histories and for the demo district read from the database.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadHistories } from '../../src/casework/history.js';
import { fillDemo } from '../../src/demo/demo.js';
import { digestItems } from '../../src/digest/build.js';
import { loadRecords, loadRosterPage } from '../../src/digest/load.js';
import { levelAndReadFrom } from '../../src/digest/window.js';
import { addDays, type ChildHistory, childTodo, type Level } from '../../src/policy/index.js';
import { createTestDatabase } from '../helpers/db.js';

const TODAY = '2026-12-03';
const day = (offset: number) => addDays(TODAY, offset);

const history = fc.record({
  periods: fc.array(
    fc.record({
      level: fc.constantFrom<Level>(1, 2, 3, 4),
      start: fc.integer({ min: -1500, max: 20 }).map(day),
    }),
    { maxLength: 6 },
  ),
  visits: fc.array(
    fc.record({
      on: fc.integer({ min: -1600, max: 30 }).map(day),
      kind: fc.constantFrom('home' as const, 'phone' as const, 'spot_check' as const),
      by: fc.constantFrom('director' as const, 'supervisor' as const, 'district' as const),
    }),
    { maxLength: 40 },
  ),
  services: fc.array(
    fc.record({
      on: fc.integer({ min: -1600, max: 30 }).map(day),
      type: fc.constantFrom('counselling' as const, 'tutoring' as const, 'respite' as const),
      recipient: fc.constantFrom('child' as const, 'family' as const, 'other' as const),
    }),
    { maxLength: 60 },
  ),
  birthDate: fc.integer({ min: -6900, max: -400 }).map(day),
  lastAssessedOn: fc.option(fc.integer({ min: -1500, max: 0 }).map(day), { nil: undefined }),
});

function trimmed(h: ChildHistory, today: string): ChildHistory {
  const { readFrom } = levelAndReadFrom(h, today);
  const keep = (on: string) => readFrom !== null && on >= readFrom && on <= today;
  return { ...h, visits: h.visits.filter((v) => keep(v.on)), services: h.services.filter((s) => keep(s.on)) };
}

describe('reading records from the day the to-do list can depend on', () => {
  it('should give the same to-do list as the whole history, for random histories', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: -400, max: 0 }).map(day), (h, today) => {
        const options = { horizonDays: 30 };
        expect(childTodo(trimmed(h, today), today, options)).toEqual(childTodo(h, today, options));
      }),
      { numRuns: 3000 },
    );
  });

  it('should read from the database what the whole history gives, on the demo district', async () => {
    const { db } = await createTestDatabase();
    await fillDemo(db, TODAY);
    for (const today of [TODAY, '2026-12-20', '2027-01-02']) {
      const roster = await loadRosterPage(db, today, 0, 100_000);
      const staff = await db.staff.findMany({ select: { id: true, role: true } });
      await loadRecords(db, roster, today, new Map(staff.map((s) => [s.id, s.role])));
      const whole = await loadHistories(
        db,
        roster.map((c) => c.id),
      );

      expect(roster.length).toBeGreaterThan(50);
      for (const child of roster) {
        const full = whole.get(child.id)!;
        expect(digestItems(child, today)).toEqual(digestItems({ history: full }, today));
      }
    }
  });
});
