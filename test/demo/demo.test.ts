import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { DemoRefused, fillDemo } from '../../src/demo/demo.js';
import { createTestDatabase } from '../helpers/db.js';

const TODAY = '2026-12-03';

describe('npm run demo', () => {
  let db: Db;

  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    await fillDemo(db, TODAY);
  });

  it('should build one district with 3 streets and 12 communities, staffed as the notice expects', async () => {
    const streets = await db.street.findMany({ include: { communities: true, staff: true } });
    const staff = await db.staff.groupBy({ by: ['role'], _count: true });
    const counts = Object.fromEntries(staff.map((s) => [s.role, s._count]));

    expect(await db.district.count()).toBe(1);
    expect(streets).toHaveLength(3);
    expect(streets.flatMap((s) => s.communities)).toHaveLength(12);
    expect(counts).toEqual({ director: 12, supervisor: 3, street: 3, district: 2 });
    for (const street of streets) {
      expect(street.staff.filter((p) => p.role === 'supervisor')).toHaveLength(1);
      expect(street.staff.filter((p) => p.role === 'street')).toHaveLength(1);
    }
  });

  it('should give 150 children every category and every tier, each with a director and a current period', async () => {
    const children = await db.child.findMany({ include: { categories: true, periods: true } });
    const codes = new Set(children.flatMap((c) => c.categories.map((k) => k.code)));
    const current = children.map((c) => c.periods.find((p) => p.endedOn === null));

    expect(children).toHaveLength(150);
    expect(codes.size).toBe(20);
    expect(new Set(current.map((p) => p?.level))).toEqual(new Set([1, 2, 3, 4]));
    expect(children.every((c) => c.directorId !== null)).toBe(true);
    expect(current.every((p) => p !== undefined)).toBe(true);
  });

  it('should store only resident ID numbers with a valid GB 11643 check digit', async () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const children = await db.child.findMany({ select: { idNumber: true } });

    for (const { idNumber } of children) {
      const sum = [...idNumber.slice(0, 17)].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
      expect(idNumber[17]).toBe('10X98765432'[sum % 11]);
    }
    expect(new Set(children.map((c) => c.idNumber)).size).toBe(150);
  });

  it('should have two 18th birthdays next month, reviews within 14 days and visits not yet done this period', async () => {
    const adults = await db.child.findMany({
      where: { birthDate: { gte: new Date('2009-01-01'), lt: new Date('2009-02-01') } },
    });
    const reviews = await db.protectionPeriod.count({
      where: { endedOn: null, reviewOn: { gte: new Date(TODAY), lte: new Date('2026-12-17') } },
    });
    const red = await db.child.findMany({
      where: { periods: { some: { endedOn: null, level: 1 } } },
      include: { visits: { where: { visitedOn: { gte: new Date('2026-12-01') } } } },
    });

    expect(adults).toHaveLength(2);
    expect(reviews).toBeGreaterThan(0);
    expect(red.some((c) => c.visits.length === 0)).toBe(true);
  });

  it('should refuse to run on a database that already holds data, changing nothing', async () => {
    const before = await db.child.count();

    await expect(fillDemo(db, TODAY)).rejects.toBeInstanceOf(DemoRefused);
    await expect(fillDemo(db, TODAY)).rejects.toThrow('演示数据只能装入空数据库');
    expect(await db.child.count()).toBe(before);
  });
});
