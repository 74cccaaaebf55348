// The daily digest while the WeCom API misbehaves: 5xx, timeouts (WeCom got the message but
// the answer never came), expired tokens and rate limits. Once it recovers, every digest has
// been shown exactly once.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createOutbox, wecomSender } from '../../src/digest/outbox.js';
import { runDigest } from '../../src/digest/run.js';
import { createWecomApi } from '../../src/wecom/api.js';
import { createTestDatabase } from '../helpers/db.js';
import { captureLog, startFakeApi, WECOM_ENV } from '../helpers/wecom.js';
import { buildDigestDistrict } from './fixture.js';

const { db } = await createTestDatabase();
await buildDigestDistrict(db);
const fake = await startFakeApi();
const config = loadConfig({ ...WECOM_ENV, WECOM_API_BASE: fake.url });
const { log } = captureLog();
const EVERYONE = ['zr_a', 'zr_b', 'zr_c', 'dd_p', 'jd_p', 'dd_c', 'qu_wang'];

describe('the digest while the WeCom API fails', () => {
  it('should deliver every digest exactly once after 5xx, timeouts, expired tokens and rate limits', async () => {
    const clock = { now: new Date('2026-12-03T08:05:00+08:00') };
    const api = createWecomApi({
      wecom: config.wecom!,
      log,
      timeoutMs: 300,
      retry: { retries: 0, baseMs: 1, maxMs: 5, rateLimitMs: 1 },
    });
    const outbox = createOutbox({ db, log, sender: wecomSender(api), now: () => clock.now });
    // The first token works, then every token issued so far expires (42001 on the next call).
    await api.sendText('zr_a', '预热');
    fake.reset();
    fake.expireTokens();
    fake.failNext(2, { status: 502 }, 'message/send');
    fake.failNext(1, { errcode: 45009, errmsg: 'api freq out of limit' }, 'message/send');
    fake.failNext(1, { status: 503 }, 'message/send');

    const run = await runDigest({ db, log, outbox, today: '2026-12-03', runner: 'a', now: () => clock.now });
    const failedFirst = run.status === 'ran' ? run.sent?.failed : undefined;
    // The next two retries reach WeCom, which shows them, but their answers come too late.
    fake.answerLateNext(800, 2, 'message/send');
    for (let round = 0; round < 8; round++) {
      // Past every backoff: the retry tick finds the failed rows due again.
      clock.now = new Date(clock.now.getTime() + 3_600_000 * 0.5);
      await outbox.drain();
    }
    await new Promise((r) => setTimeout(r, 900));

    expect(failedFirst).toBeGreaterThanOrEqual(4);
    const shown = fake
      .delivered()
      .filter((r) => r.content?.includes('12月3日'))
      .flatMap((r) => r.touser ?? []);
    expect(shown.sort()).toEqual([...EVERYONE].sort());
    expect(await db.delivery.count({ where: { kind: 'digest', status: 'sent' } })).toBe(EVERYONE.length);
    expect(fake.tokensIssued()).toBeGreaterThanOrEqual(2);
  });
});
