// A street whose supervisor has left: what the supervisor would have read must reach someone.
import { describe, expect, it } from 'vitest';
import { buildDigests } from '../../src/digest/build.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDigestDistrict } from './fixture.js';

const { db } = await createTestDatabase();
await buildDigestDistrict(db);

describe('a street with no active supervisor', () => {
  it('should put the street summary in the district staff’s digest when the street has no staff either', async () => {
    await db.staff.update({ where: { userid: 'dd_c' }, data: { active: false } });

    const digests = await buildDigests(db, '2026-12-03', { now: new Date('2026-12-03T08:05:00+08:00') });

    const recipients = digests.map((d) => d.recipient);
    expect(recipients).not.toContain('dd_c');
    const district = digests.find((d) => d.recipient === 'qu_wang')!.lines;
    expect(district).toContain('【街道概况】12月3日 沧浪街道');
    expect(district).toContain('逾期事项：钱志明 4 项');
  });
});
