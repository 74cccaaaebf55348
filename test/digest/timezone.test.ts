// The host's time zone must not change a digest: the same district and days built in child
// processes under TZ=UTC, Asia/Shanghai and America/New_York give the same lines.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.js';
import { buildDigestDistrict } from './fixture.js';

const run = promisify(execFile);
const { db, url } = await createTestDatabase();
await buildDigestDistrict(db);
const ROOT = path.resolve(import.meta.dirname, '../..');
// A weekday, the last day of a year and the first of the next, a Sunday of New York's DST change.
const DAYS = '2026-12-03,2026-12-31,2027-01-01,2027-03-14';

async function buildUnder(tz: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/helpers/digest-lines.ts'], {
    cwd: ROOT,
    env: { ...process.env, TZ: tz, DIGEST_DB_URL: url, DIGEST_DAYS: DAYS },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('the digest in any host time zone', () => {
  it('should give the same digests, line for line, under UTC, Asia/Shanghai and America/New_York', async () => {
    const [utc, shanghai, newYork] = await Promise.all(
      ['UTC', 'Asia/Shanghai', 'America/New_York'].map(buildUnder),
    );

    // The child processes really ran in those zones.
    expect([utc, shanghai, newYork].map((r) => r!.offsetMinutes)).toEqual([0, -480, 300]);
    const { tz: _a, offsetMinutes: _b, ...expected } = shanghai!;
    for (const other of [utc, newYork]) {
      const { tz: _c, offsetMinutes: _d, ...got } = other!;
      expect(got).toEqual(expected);
    }
    expect(expected.localDays).toEqual(['2026-12-31', '2027-01-01', '2026-03-08']);
    const first = expected['2026-12-03'] as { to: string; lines: string[] }[];
    expect(first.length).toBeGreaterThan(3);
    expect(first.every((d) => d.lines.length > 0)).toBe(true);
  });
});
