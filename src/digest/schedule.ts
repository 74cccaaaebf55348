// When the digest runs: at DIGEST_CRON (Asia/Shanghai), and whenever this instance finds that
// today's scheduled time has passed with no finished run for today: at start (the server was
// down at 08:05) and every few minutes after (the run at 08:05 failed, or died on another
// instance). Only today's digest is ever caught up; yesterday's is never sent.
import os from 'node:os';
import cron from 'node-cron';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { toLocalDate } from '../policy/index.js';
import type { Outbox } from './outbox.js';
import { type DigestRunResult, digestDone, runDigest } from './run.js';

/** How often an instance checks for a day whose digest is due but not recorded. */
export const CATCH_UP_CHECK_MS = 5 * 60_000;

export interface DigestScheduleOptions {
  config: Pick<Config, 'digestCron' | 'timeZone'>;
  db: Db;
  log: Logger;
  outbox: Outbox;
  now?: () => Date;
  runner?: string;
  checkEveryMs?: number;
  /** PUBLIC_BASE_URL: digests end with a link to the workbench */
  publicBaseUrl?: string;
}

export interface DigestSchedule {
  stop(): Promise<void>;
  /** Waits for the check or run in progress, if any (tests, shutdown). */
  idle(): Promise<DigestRunResult | undefined>;
  /** Runs today's digest now if its time has passed and no run recorded it. */
  check(): Promise<DigestRunResult | undefined>;
}

interface Matcher {
  match(date: Date): boolean;
}

/**
 * Whether a time matching the cron expression has come on `now`'s calendar day (in the
 * expression's time zone, Asia/Shanghai) at or before `now`.
 */
export function scheduledTimePassed(expression: string, matcher: Matcher, now: Date): boolean {
  const seconds = cron.parse(expression).second;
  const midnight = new Date(`${toLocalDate(now)}T00:00:00+08:00`).getTime();
  for (let minute = midnight; minute <= now.getTime(); minute += 60_000) {
    for (const s of seconds) {
      const at = minute + s * 1000;
      if (at <= now.getTime() && matcher.match(new Date(at))) return true;
    }
  }
  return false;
}

/** Schedules the daily digest and catches up today's at once if it is late. */
export function scheduleDigest(options: DigestScheduleOptions): DigestSchedule {
  const { config, db, log, outbox } = options;
  const now = options.now ?? (() => new Date());
  const runner = options.runner ?? `${os.hostname()}:${process.pid}`;
  let current: Promise<DigestRunResult | undefined> | undefined;
  let stopped = false;

  const task = cron.schedule(config.digestCron, () => void check('scheduled'), {
    timezone: config.timeZone,
    name: 'daily-digest',
    noOverlap: true,
  });

  function check(reason: string): Promise<DigestRunResult | undefined> {
    if (current) return current;
    const run = async () => {
      try {
        const at = now();
        if (stopped || !scheduledTimePassed(config.digestCron, task, at)) return undefined;
        const today = toLocalDate(at);
        if (await digestDone(db, today)) return undefined;
        log.info({ day: today, reason }, 'daily digest starting');
        return await runDigest({ db, log, outbox, today, runner, now, publicBaseUrl: options.publicBaseUrl });
      } catch (err) {
        log.error({ err, reason }, 'daily digest failed; it is tried again at the next check');
        return undefined;
      }
    };
    // Cleared in a later microtask, so a check that returns at once cannot leave a settled promise behind.
    current = run().finally(() => {
      current = undefined;
    });
    return current;
  }

  const timer = setInterval(() => void check('check'), options.checkEveryMs ?? CATCH_UP_CHECK_MS);
  timer.unref();
  void check('start');

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await task.stop();
      await current;
    },
    idle: async () => current,
    check: () => check('manual'),
  };
}
