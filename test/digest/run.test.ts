// The digest end to end: the day's lock, the delivery log, the fake WeCom API and catch-up.
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { createOutbox, wecomSender } from '../../src/digest/outbox.js';
import { runDigest, STALE_RUN_MS } from '../../src/digest/run.js';
import { scheduleDigest } from '../../src/digest/schedule.js';
import { createWecomApi } from '../../src/wecom/api.js';
import { createTestDatabase } from '../helpers/db.js';
import { captureLog, startFakeApi, WECOM_ENV } from '../helpers/wecom.js';
import { buildDigestDistrict } from './fixture.js';

const { db, url } = await createTestDatabase();
await buildDigestDistrict(db);
// A street whose people have nothing to do today.
const quiet = await db.street.create({ data: { districtId: 1, name: '金阊街道' } });
await db.staff.createMany({
  data: [
    { userid: 'dd_j', name: '沈丽华', role: 'supervisor', streetId: quiet.id },
    { userid: 'jd_j', name: '周国强', role: 'street', streetId: quiet.id },
  ],
});
const fake = await startFakeApi();
const config = loadConfig({ ...WECOM_ENV, WECOM_API_BASE: fake.url });
const { log } = captureLog();
const EVERYONE = ['zr_a', 'zr_b', 'zr_c', 'dd_p', 'jd_p', 'dd_c', 'qu_wang'];

const pools: ReturnType<typeof createDb>[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.$disconnect();
});

/** One bot instance: its own database pool, API client and delivery log. */
function instance(clock: { now: Date }, retries = 0) {
  const own = createDb(url, 3);
  pools.push(own);
  const api = createWecomApi({
    wecom: config.wecom!,
    log,
    retry: { retries, baseMs: 1, maxMs: 5, rateLimitMs: 1 },
  });
  const outbox = createOutbox({ db: own, log, sender: wecomSender(api), now: () => clock.now });
  return { db: own, outbox };
}

function deliveredOn(header: string): string[] {
  return fake
    .delivered()
    .filter((r) => r.content?.includes(header))
    .flatMap((r) => r.touser ?? [])
    .sort();
}

describe('running the daily digest', () => {
  it('should deliver one digest per person when two instances run the same day on one database', async () => {
    const clock = { now: new Date('2026-12-03T08:05:00+08:00') };
    const a = instance(clock);
    const b = instance(clock);

    const [ra, rb] = await Promise.all([
      runDigest({ ...a, log, today: '2026-12-03', runner: 'a', now: () => clock.now }),
      runDigest({ ...b, log, today: '2026-12-03', runner: 'b', now: () => clock.now }),
    ]);
    await Promise.all([a.outbox.drain(), b.outbox.drain()]);

    expect([ra.status, rb.status].sort()).toEqual(['ran', 'running-elsewhere']);
    expect(deliveredOn('12月3日')).toEqual([...EVERYONE].sort());
    expect(await db.jobRun.count({ where: { job: 'digest' } })).toBe(1);
    expect(await db.delivery.count({ where: { kind: 'digest', status: 'sent' } })).toBe(EVERYONE.length);
  });

  it('should not send the same digest again when the day is run once more', async () => {
    const clock = { now: new Date('2026-12-03T15:00:00+08:00') };
    const again = instance(clock);

    const result = await runDigest({ ...again, log, today: '2026-12-03', runner: 'c', now: () => clock.now });
    await again.outbox.drain();

    expect(result.status).toBe('already-done');
    expect(deliveredOn('12月3日')).toHaveLength(EVERYONE.length);
  });

  it('should send nothing to people with nothing to do', async () => {
    const recipients = (await db.delivery.findMany({ select: { recipient: true } })).map((d) => d.recipient);

    expect(recipients).not.toContain('dd_j');
    expect(recipients).not.toContain('jd_j');
    expect(recipients).not.toContain('zr_gone');
    expect(fake.received.flatMap((r) => r.touser ?? [])).not.toContain('jd_j');
  });

  it('should retry a digest WeCom refused the first time, and deliver it once', async () => {
    const clock = { now: new Date('2026-12-04T08:05:00+08:00') };
    const one = instance(clock);
    fake.failNext(1, { errcode: -1, errmsg: 'system busy' }, 'message/send');

    const first = await runDigest({ ...one, log, today: '2026-12-04', runner: 'a', now: () => clock.now });
    const failed = await db.delivery.findMany({ where: { status: 'failed' } });
    clock.now = new Date('2026-12-04T08:10:00+08:00');
    const retried = await one.outbox.drain();

    expect(first.status === 'ran' && first.sent).toEqual({ sent: EVERYONE.length - 1, failed: 1 });
    expect(failed).toHaveLength(1);
    expect(retried).toEqual({ sent: 1, failed: 0 });
    expect(deliveredOn('12月4日')).toEqual([...EVERYONE].sort());
    expect(await db.delivery.findUnique({ where: { id: failed[0]!.id } })).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('should take over a run that died unfinished, without sending twice what it had recorded', async () => {
    const clock = { now: new Date('2026-12-05T09:00:00+08:00') };
    const one = instance(clock);
    const day = new Date('2026-12-05T00:00:00Z');
    await db.jobRun.create({
      data: {
        job: 'digest',
        day,
        runner: 'dead',
        startedAt: new Date(clock.now.getTime() - STALE_RUN_MS / 2),
      },
    });
    await one.outbox.record(
      [{ recipients: ['zr_a'], text: '（崩溃前已记录）', key: 'digest:2026-12-05', kind: 'digest' }],
      {
        day: '2026-12-05',
      },
    );

    const early = await runDigest({ ...one, log, today: '2026-12-05', runner: 'a', now: () => clock.now });
    clock.now = new Date(clock.now.getTime() + STALE_RUN_MS);
    const late = await runDigest({ ...one, log, today: '2026-12-05', runner: 'a', now: () => clock.now });

    expect(early.status).toBe('running-elsewhere');
    expect(late).toMatchObject({ status: 'ran', tookOver: true, recorded: EVERYONE.length - 1 });
    expect(
      fake.delivered().filter((r) => r.touser?.includes('zr_a') && r.content?.includes('崩溃前')),
    ).toHaveLength(1);
    expect(deliveredOn('12月5日')).toEqual(EVERYONE.filter((u) => u !== 'zr_a').sort());
    expect(await db.jobRun.findFirst({ where: { day } })).toMatchObject({ runner: 'a' });
  });
});

describe('catching up at start', () => {
  it('should send the day’s digests when started after the scheduled time, and not again after a restart', async () => {
    const clock = { now: new Date('2026-12-07T10:30:00+08:00') };
    const one = instance(clock);

    const first = scheduleDigest({ config, db: one.db, log, outbox: one.outbox, now: () => clock.now });
    const ran = await first.idle();
    await first.stop();
    const second = scheduleDigest({ config, db: one.db, log, outbox: one.outbox, now: () => clock.now });
    const rerun = await second.idle();
    await second.stop();

    expect(ran?.status).toBe('ran');
    expect(rerun).toBeUndefined();
    expect(deliveredOn('12月7日')).toEqual([...EVERYONE].sort());
  });

  it('should wait for the scheduled time when started before it', async () => {
    const clock = { now: new Date('2026-12-08T07:59:00+08:00') };
    const one = instance(clock);

    const task = scheduleDigest({ config, db: one.db, log, outbox: one.outbox, now: () => clock.now });
    const early = await task.idle();
    clock.now = new Date('2026-12-08T08:05:00+08:00');
    const onTime = await task.check();
    await task.stop();

    expect(early).toBeUndefined();
    expect(onTime?.status).toBe('ran');
  });

  it('should never send yesterday’s digest after midnight', async () => {
    const clock = { now: new Date('2026-12-10T00:20:00+08:00') };
    const one = instance(clock);

    const task = scheduleDigest({ config, db: one.db, log, outbox: one.outbox, now: () => clock.now });
    const result = await task.idle();
    await task.stop();

    expect(result).toBeUndefined();
    expect(await db.jobRun.count({ where: { day: { gte: new Date('2026-12-09T00:00:00Z') } } })).toBe(0);
    expect(
      await db.delivery.count({ where: { kind: 'digest', day: new Date('2026-12-09T00:00:00Z') } }),
    ).toBe(0);
  });
});
