// R5.1/R5.2 on a real database around the register's edges: the month the district's
// register is imported, a child who moves street after a month was paid, and two officers
// filing the same child's application at once.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { receiveApplication } from '../../src/casework/applications.js';
import { CaseworkRefusal } from '../../src/casework/errors.js';
import { recordPayment, setRate, streetMonths } from '../../src/casework/subsidy.js';
import type { Db } from '../../src/db/client.js';
import { importRoster } from '../../src/onboarding/roster-import.js';
import { createTestDatabase } from '../helpers/db.js';
import {
  buildPlaces,
  child,
  idFor,
  type Place,
  TODAY,
  tempDir,
  writeXlsx,
} from '../onboarding/roster-fixtures.js';

let db: Db;
let places: Place;
const settings = { payFrom: 'next_month' as const };
const DECEMBER = '2026-12-01';
const movingId = idFor('2014-04-04', '404');

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  places = await buildPlaces(db);
  const actor = { id: places.staff.ddP, via: 'cli' as const };
  await setRate(db, actor, { category: 'C2', fromMonth: '2026-01-01', fen: 180_000 });
  await setRate(db, actor, { category: 'C5', fromMonth: '2026-01-01', fen: 120_000 });
  const file = await writeXlsx(path.join(await tempDir(), 'roster.xlsx'), [
    child(),
    child({ 姓名: '陈一', 身份证号: movingId, 出生日期: '2014-04-04', 类别: '低保', 性别: '女' }),
  ]);
  const result = await importRoster(db, file, { today: TODAY, actorId: null, dryRun: false });
  expect(result.status).toBe('imported');
});

const streets = async () => {
  const all = await db.street.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true } });
  return { p: all.find((s) => s.id === places.streets.p)!, c: all.find((s) => s.id === places.streets.c)! };
};

describe('the month the district’s register is imported (R5.1)', () => {
  it('should pay the imported children from that month, not the month after', async () => {
    const { p } = await streets();
    const [december] = await streetMonths(db, [p], DECEMBER, settings);

    expect(december!.children.map((c) => [c.name, c.fen])).toEqual([
      ['张小明', 180_000],
      ['陈一', 120_000],
    ]);
    expect(december!.totalFen).toBe(300_000);
  });
});

describe('a child who moves street after a month was paid (R5.2)', () => {
  it('should keep the child on the street that paid, and off the new street’s list for that month', async () => {
    const { p, c } = await streets();
    await recordPayment(
      db,
      { id: places.staff.ddP, via: 'cli' },
      { streetId: p.id, month: DECEMBER, paidOn: '2026-12-03' },
      settings,
    );
    const nanmen = await db.community.findFirstOrThrow({ where: { name: '南门社区' } });
    await db.child.update({
      where: { idNumber: movingId },
      data: { streetId: c.id, communityId: nanmen.id, directorId: places.staff.zrC },
    });

    const [paid] = await streetMonths(db, [p], DECEMBER, settings);
    const [receiving] = await streetMonths(db, [c], DECEMBER, settings);

    expect(paid!.children.map((x) => x.name)).toEqual(['张小明', '陈一']);
    expect(paid!.totalFen).toBe(300_000);
    expect(receiving!.children).toEqual([]);

    const recorded = await recordPayment(
      db,
      { id: places.staff.ddP, via: 'cli' },
      { streetId: c.id, month: DECEMBER, paidOn: '2026-12-03' },
      settings,
    );
    expect(recorded.children).toEqual([]);
    const batch = await db.paymentBatch.findFirstOrThrow({ where: { streetId: c.id } });
    expect(batch.children).toBe(0);
    expect(await db.subsidyPayment.count({ where: { streetId: c.id } })).toBe(0);
  });
});

describe('two officers filing the same child at once (R5.1)', () => {
  it('should keep one application and tell the other officer it is already in progress', async () => {
    const id = idFor('2016-01-16', '616');
    const file = (actorId: number) =>
      receiveApplication(
        db,
        { id: actorId, via: 'cli' },
        {
          streetId: places.streets.p,
          communityId: null,
          applicantName: '许多',
          idNumber: id,
          category: 'C5a',
          note: '',
          on: TODAY,
        },
      );

    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => file(i % 2 ? places.staff.ddP : places.staff.zrA)),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refusals).toHaveLength(5);
    for (const r of refusals) {
      expect(r.reason).toBeInstanceOf(CaseworkRefusal);
      expect((r.reason as CaseworkRefusal).userMessage).toMatch(/已有(人受理|在办的)申请/);
    }
    expect(await db.subsidyApplication.count({ where: { idNumber: id } })).toBe(1);
    expect(await db.auditEntry.count({ where: { action: 'application.receive' } })).toBe(1);
  });
});
