import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { createCountCache, scopeKey } from '../../src/web/overview-cache.js';
import type { DirectorCounts } from '../../src/web/overview-data.js';

const counted = (streetId: number): DirectorCounts[] => [{ streetId, directorId: null, counts: {} as never }];
const log = createSilentLogger();
const now = () => new Date('2026-12-03T02:00:00Z');

describe('overview count cache', () => {
  it('should count once for requests arriving together, and serve the result while fresh', async () => {
    const cache = createCountCache({ maxAgeMs: 60_000, now, log });
    let calls = 0;
    const count = async () => counted(++calls);

    const [a, b] = await Promise.all([cache.get('k', count), cache.get('k', count)]);
    const c = await cache.get('k', count);

    expect(calls).toBe(1);
    expect([a.rows, b.rows, c.rows]).toEqual([counted(1), counted(1), counted(1)]);
  });

  it('should serve a stale result at once and the new one after the background count', async () => {
    const cache = createCountCache({ maxAgeMs: 0, now, log });
    let release = () => {};
    let calls = 0;
    const count = () => {
      calls++;
      if (calls === 1) return Promise.resolve(counted(1));
      return new Promise<DirectorCounts[]>((resolve) => {
        release = () => resolve(counted(2));
      });
    };

    await cache.get('k', count);
    const stale = await cache.get('k', count);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    const fresh = await cache.get('k', count);

    expect(stale.rows).toEqual(counted(1));
    expect(fresh.rows).toEqual(counted(2));
  });

  it('should keep scopes apart', async () => {
    const cache = createCountCache({ maxAgeMs: 60_000, now, log });

    await cache.get('2026-12-03|street:1', async () => counted(1));
    const other = await cache.get('2026-12-03|street:2', async () => counted(2));

    expect(other.rows).toEqual(counted(2));
  });

  it('should count a scope again on a new day, not serve the day before', async () => {
    const cache = createCountCache({ maxAgeMs: 60_000, now, log });
    let calls = 0;
    const count = async () => counted(++calls);

    await cache.get('2026-12-03|district', count);
    const next = await cache.get('2026-12-04|district', count);
    const again = await cache.get('2026-12-03|district', count);

    expect(next.rows).toEqual(counted(2));
    // The earlier day's entry was dropped when the new day began.
    expect(again.rows).toEqual(counted(3));
  });

  it('should give each role the scope it sees: the district, its street, or its own children', () => {
    const user = (
      role: 'district' | 'supervisor' | 'street' | 'director',
      id: number,
      streetId: number | null,
    ) => ({
      id,
      userid: `u${id}`,
      name: '某人',
      role,
      streetId,
      communityId: null,
    });

    expect(scopeKey(user('district', 1, null), '2026-12-03')).toBe('2026-12-03|district');
    expect(scopeKey(user('supervisor', 2, 7), '2026-12-03')).toBe('2026-12-03|street:7');
    expect(scopeKey(user('street', 3, 7), '2026-12-03')).toBe('2026-12-03|street:7');
    expect(scopeKey(user('director', 4, 7), '2026-12-03')).toBe('2026-12-03|director:4');
  });
});
