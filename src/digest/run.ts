// One digest run for a day: take the day's lock in the database, build, record every digest
// in the delivery log, mark the run finished, then send.
//
// The lock is the JobRun row (job 'digest', day), unique in the database: of several bot
// instances on one database, the one whose insert lands builds the digest; the others see
// the row and do nothing. A run that never finished (the process died while building or
// recording) leaves its row without finishedAt; once it is older than STALE_RUN_MS another
// run takes it over by an UPDATE that only one instance can win. Taking over is safe because
// delivery rows are unique by `digest:${day}:${recipient}`: digests recorded before the crash
// stay as they were (and are sent once), the rest are added.
//
// Sending is not under the lock: the delivery log's own claim (FOR UPDATE SKIP LOCKED) and
// retries make each row go out once, whichever instance drains it (see outbox.ts).

import { dateOf } from '../casework/history.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { LocalDate } from '../policy/index.js';
import { type BuildProgress, buildDigests, type Digest } from './build.js';
import type { DrainResult, Outbox } from './outbox.js';

export const DIGEST_JOB = 'digest';
/** An unfinished run older than this is taken to have crashed (a 100,000-child build takes seconds). */
export const STALE_RUN_MS = 10 * 60_000;

export interface DigestRunOptions {
  db: Db;
  log: Logger;
  outbox: Outbox;
  today: LocalDate;
  /** which instance runs it, e.g. hostname:pid */
  runner: string;
  /** build only: no lock, nothing recorded or sent */
  dryRun?: boolean;
  /** send after recording (default true); the CLI without WeCom leaves rows for the server */
  send?: boolean;
  now?: () => Date;
  onProgress?: (progress: BuildProgress) => void;
  /** PUBLIC_BASE_URL: digests end with a link to the workbench */
  publicBaseUrl?: string;
}

export type DigestRunResult =
  | { status: 'dry-run'; digests: Digest[] }
  | { status: 'already-done' | 'running-elsewhere'; digests: [] }
  | {
      status: 'ran';
      digests: Digest[];
      /** delivery rows written now (fewer than digests when a crashed run had written some) */
      recorded: number;
      tookOver: boolean;
      sent: DrainResult | null;
    };

/** Builds and pushes the digests for `today`, at most once per day across all instances. */
export async function runDigest(options: DigestRunOptions): Promise<DigestRunResult> {
  const { db, log, today } = options;
  const now = options.now ?? (() => new Date());
  if (options.dryRun) {
    const digests = await buildDigests(db, today, {
      now: now(),
      onProgress: options.onProgress,
      publicBaseUrl: options.publicBaseUrl,
    });
    return { status: 'dry-run', digests };
  }

  const lock = await takeLock(db, today, options.runner, now());
  if (lock !== 'taken' && lock !== 'took-over') {
    log.info({ day: today, lock }, 'digest skipped: another run has it');
    return { status: lock, digests: [] };
  }

  const started = Date.now();
  let digests: Digest[];
  let recorded: number;
  let built: number;
  try {
    digests = await buildDigests(db, today, {
      now: now(),
      onProgress: options.onProgress,
      publicBaseUrl: options.publicBaseUrl,
    });
    built = Date.now();
    recorded = await options.outbox.record(
      digests.map((d) => ({
        recipients: [d.recipient],
        text: d.text,
        key: `digest:${today}`,
        kind: 'digest',
      })),
      { day: today },
    );
  } catch (err) {
    // Let the next check try again at once rather than after STALE_RUN_MS.
    await db.jobRun
      .deleteMany({
        where: { job: DIGEST_JOB, day: dateOf(today), runner: options.runner, finishedAt: null },
      })
      .catch(() => undefined);
    throw err;
  }
  const summary = {
    digests: digests.length,
    recorded,
    items: digests.reduce((n, d) => n + d.items, 0),
    buildMs: built - started,
    recordMs: Date.now() - built,
  };
  await db.jobRun.update({
    where: { job_day: { job: DIGEST_JOB, day: dateOf(today) } },
    data: { finishedAt: now(), summary },
  });
  log.info({ day: today, tookOver: lock === 'took-over', ...summary }, 'digest recorded');

  let sent: DrainResult | null = null;
  if (options.send !== false) {
    const sendStart = Date.now();
    sent = await options.outbox.drain();
    log.info({ day: today, ...sent, ms: Date.now() - sendStart }, 'digest delivery batch');
  }
  return { status: 'ran', digests, recorded, tookOver: lock === 'took-over', sent };
}

type LockResult = 'taken' | 'took-over' | 'already-done' | 'running-elsewhere';

async function takeLock(db: Db, today: LocalDate, runner: string, at: Date): Promise<LockResult> {
  const day = dateOf(today);
  const created = await db.jobRun.createMany({
    data: [{ job: DIGEST_JOB, day, runner, startedAt: at }],
    skipDuplicates: true,
  });
  if (created.count === 1) return 'taken';

  const existing = await db.jobRun.findUnique({ where: { job_day: { job: DIGEST_JOB, day } } });
  if (!existing || existing.finishedAt) return 'already-done';
  if (at.getTime() - existing.startedAt.getTime() < STALE_RUN_MS) return 'running-elsewhere';
  // Only one instance can move startedAt from the value it read.
  const taken = await db.jobRun.updateMany({
    where: { id: existing.id, finishedAt: null, startedAt: existing.startedAt },
    data: { runner, startedAt: at },
  });
  return taken.count === 1 ? 'took-over' : 'running-elsewhere';
}

/** Whether the digest for `today` has been recorded by some instance. */
export async function digestDone(db: Db, today: LocalDate): Promise<boolean> {
  const run = await db.jobRun.findUnique({
    where: { job_day: { job: DIGEST_JOB, day: dateOf(today) } },
    select: { finishedAt: true },
  });
  return Boolean(run?.finishedAt);
}
