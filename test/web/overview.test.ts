// The overview's numbers against the database and the policy engine, on the demo district:
// each number counted here child by child (dutiesFor, reviewReminder, the records), and each
// link listing exactly as many children as its number says.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHistories } from '../../src/casework/history.js';
import { fillDemo } from '../../src/demo/demo.js';
import { ageOn, dutiesFor, reviewReminder } from '../../src/policy/index.js';
import { createTestDatabase } from '../helpers/db.js';
import { getPage, login, startWorkbench, textOf, type Workbench } from './workbench.js';

// A day in the middle of a quarter, so that this month's and this quarter's visits differ.
const TODAY = '2026-11-10';
const NOW = new Date('2026-11-10T02:00:00Z');
const { db } = await createTestDatabase();
let wb: Workbench;
let district: string;
let street: string;

/** measure|street → number, read off the links of a page. */
function numbersOf(body: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of body.matchAll(/href="\/web\/overview\/children\?([^"]+)"[^>]*>(\d+)</g)) {
    const q = new URLSearchParams(m[1]!.replace(/&amp;/g, '&'));
    out.set(`${q.get('m')}|${q.get('street') ?? ''}|${q.get('director') ?? ''}`, Number(m[2]));
  }
  return out;
}

interface Expected {
  [key: string]: number;
}

/** The same numbers, child by child, through the engine and plain reads of the records. */
async function expected(): Promise<Expected> {
  const children = await db.child.findMany({
    where: { registerStatus: 'in_register' },
    include: { categories: true, visits: true },
  });
  const histories = await loadHistories(
    db,
    children.map((c) => c.id),
  );
  const out: Expected = {};
  const add = (measure: string, streetId: number, directorId?: number | null) => {
    const key = `${measure}|${streetId}|`;
    out[key] = (out[key] ?? 0) + 1;
    if (directorId !== undefined) {
      const dkey = `${measure}|${streetId}|${directorId ?? 'none'}`;
      out[dkey] = (out[dkey] ?? 0) + 1;
    }
  };
  for (const c of children) {
    if (ageOn(c.birthDate.toISOString().slice(0, 10), TODAY) >= 18) continue;
    const history = histories.get(c.id)!;
    const report = dutiesFor(history, TODAY);
    const level = report.level ?? 0;
    add('total', c.streetId);
    add(`tier${level}`, c.streetId);
    const groups = new Set(
      c.categories
        .filter((k) => k.endedOn === null && k.startsOn.toISOString().slice(0, 10) <= TODAY)
        .map((k) => k.code.slice(0, 2)),
    );
    for (const g of groups) add(g, c.streetId);
    if (report.level) {
      const since = report.levelSince!;
      const visit = report.current.find((i) => i.duty === 'visit' && i.countsFrom >= since)!;
      const done = visit.status === 'done';
      if (visit.dueOn <= '2026-11-30') {
        add('monthDue', c.streetId);
        add(done ? 'monthDone' : 'monthOpen', c.streetId);
      }
      if (visit.dueOn <= '2026-12-31') {
        add('quarterDue', c.streetId);
        add(done ? 'quarterDone' : 'quarterOpen', c.streetId);
      }
      if (report.overdue.some((i) => i.duty === 'visit' && i.countsFrom >= since)) {
        add('overdue', c.streetId, c.directorId);
      }
      const review = reviewReminder({ level: report.level, start: since }, TODAY, history.lastAssessedOn);
      if (review && review.daysLeft >= 0 && review.daysLeft <= 14) add('reviewSoon', c.streetId);
      if (review && review.daysLeft < 0) add('reviewOverdue', c.streetId);
    }
    if (
      c.visits.some(
        (v) => v.kind === 'spot_check' && !v.voidedAt && v.visitedOn.toISOString() >= '2026-01-01',
      )
    ) {
      add('spot', c.streetId);
    }
  }
  return out;
}

beforeAll(async () => {
  await fillDemo(db, TODAY);
  wb = await startWorkbench(db, () => NOW);
  await wb.warmOverview();
  district = await login(wb, 'qu_wang');
  street = await login(wb, 'dd_pj');
});

describe('overview', () => {
  it('should serve the first district visitor from the count made at start-up', async () => {
    const res = await getPage(wb, '/web/overview', district);
    const counts = wb.captured.at('info').filter((l) => l.msg === 'overview counted');

    expect(res.status).toBe(200);
    expect(counts.map((l) => l.scope)).toEqual([`${TODAY}|district`]);
  });

  it('should show district staff every street with the numbers the engine gives child by child', async () => {
    const res = await getPage(wb, '/web/overview', district);
    const body = await res.text();
    const shown = numbersOf(body);
    const want = await expected();
    const streets = await db.street.findMany();

    expect(res.status).toBe(200);
    for (const s of streets) expect(textOf(body)).toContain(s.name);
    const keys = [...new Set([...Object.keys(want), ...shown.keys()])].filter((k) => !k.endsWith('||'));
    expect(keys.length).toBeGreaterThan(60);
    const mine = Object.fromEntries(keys.map((k) => [k, shown.get(k) ?? 0]));
    const theirs = Object.fromEntries(keys.map((k) => [k, want[k] ?? 0]));
    expect(mine).toEqual(theirs);
    // The demo has overdue visits, reviews coming and visits still open this month.
    expect(Object.keys(want).some((k) => k.startsWith('overdue|'))).toBe(true);
    expect(Object.keys(want).some((k) => k.startsWith('reviewSoon|'))).toBe(true);
    expect(Object.keys(want).some((k) => k.startsWith('monthOpen|'))).toBe(true);
  });

  it('should count tiers as a plain query on the current protection periods does', async () => {
    const rows = await db.$queryRaw<{ streetId: number; level: number; n: number }[]>`
      SELECT c."streetId", p.level, count(*)::int AS n
        FROM "Child" c JOIN "ProtectionPeriod" p ON p."childId" = c.id AND p."endedOn" IS NULL
       WHERE c."registerStatus" = 'in_register' AND c."birthDate" > DATE '2008-11-10'
       GROUP BY 1, 2`;
    const shown = numbersOf(await (await getPage(wb, '/web/overview', district)).text());

    for (const r of rows) expect(shown.get(`tier${r.level}|${r.streetId}|`)).toBe(r.n);
  });

  it('should list behind each number of a street exactly as many children as the number', async () => {
    const body = await (await getPage(wb, '/web/overview', street)).text();
    const shown = [...numbersOf(body)];

    expect(shown.length).toBeGreaterThan(10);
    for (const [key, n] of shown) {
      const [measure, streetId, director] = key.split('|');
      const q = new URLSearchParams({ m: measure! });
      if (streetId) q.set('street', streetId);
      if (director) q.set('director', director);
      const list = await (await getPage(wb, `/web/overview/children?${q}`, street)).text();
      expect(textOf(list)).toContain(`${n} 名儿童`);
      expect((list.match(/href="\/web\/child\/\d+"/g) ?? []).length).toBe(n);
    }
  });

  it('should show a supervisor their street only, with the same numbers as the district sees for it', async () => {
    const mine = numbersOf(await (await getPage(wb, '/web/overview', street)).text());
    const all = numbersOf(await (await getPage(wb, '/web/overview', district)).text());
    const own = await db.staff.findUniqueOrThrow({ where: { userid: 'dd_pj' } });

    for (const [key, n] of mine) {
      expect(key.split('|')[1]).toBe(String(own.streetId));
      expect(all.get(key)).toBe(n);
    }
  });

  it('should show each month’s subsidy payment of a street as recorded', async () => {
    const body = textOf(await (await getPage(wb, '/web/overview', district)).text());
    const batches = await db.paymentBatch.count();

    expect(body).toContain('基本生活补贴按月发放');
    expect((body.match(/按时发放（\d+人）|逾期发放（\d+人）/g) ?? []).length).toBe(batches);
  });
});
