// The delivery log: every push (urgent report, notice, daily digest) is written to the
// Delivery table under a unique key before it is sent, then sent by whichever instance
// claims it first (FOR UPDATE SKIP LOCKED). A failed send is retried with backoff; a sent
// one is never sent again.
//
// Crash between sending and recording "sent": the row stays "sending" and is reclaimed after
// STALE_MS, so the push is sent again (at least once) rather than lost. Every send asks WeCom
// to drop an identical request within 4 hours (enable_duplicate_check), which turns that
// rare resend into a no-op on WeCom's side. For a child-protection alert, a possible
// duplicate is far better than a silent loss.
import type { Prisma } from '@prisma/client';
import type { Notifier } from '../chat/command.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { toLocalDate } from '../policy/index.js';

/** Sends one text to one person; throws when it did not go out. */
export type Sender = (recipient: string, text: string) => Promise<void>;

export const MAX_ATTEMPTS = 8;
export const STALE_MS = 5 * 60_000;
const BATCH = 50;
/** Rows per INSERT when many pushes are recorded at once (the daily digest). */
const INSERT_CHUNK = 1000;

export interface OutboxOptions {
  db: Db;
  log: Logger;
  /** absent when WeCom is not configured: rows wait until an instance that can send claims them */
  sender?: Sender;
  now?: () => Date;
}

export interface DrainResult {
  sent: number;
  failed: number;
}

export interface PushMessage {
  recipients: string[];
  text: string;
  key: string;
  kind: string;
}

export interface RecordOptions {
  /** the calendar day the pushes belong to (default: today in Asia/Shanghai) */
  day?: string;
}

export interface Outbox extends Notifier {
  /**
   * Writes pushes to the log without sending them: one row per recipient, key
   * `${key}:${recipient}`; rows already there are left alone. Returns the rows written.
   */
  record(messages: readonly PushMessage[], options?: RecordOptions): Promise<number>;
  /** Sends what is due now; safe to call from several instances at once. */
  drain(): Promise<DrainResult>;
}

/**
 * The delivery-log rows for pushes: one per recipient, key `${key}:${recipient}`. Exported so
 * that a change and its pushes can be written in one transaction (an urgent report).
 */
export function deliveryRows(
  messages: readonly PushMessage[],
  at: Date,
  day: string = toLocalDate(at),
): Prisma.DeliveryCreateManyInput[] {
  const dayDate = new Date(`${day}T00:00:00Z`);
  return messages.flatMap((message) =>
    [...new Set(message.recipients)].map((recipient) => ({
      key: `${message.key}:${recipient}`,
      recipient,
      kind: message.kind,
      day: dayDate,
      body: message.text,
      nextAttemptAt: at,
    })),
  );
}

/** Backoff before the next try: 30 s, 1 min, 2 min … capped at 1 hour, with jitter. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  let current: Promise<DrainResult> | undefined;
  let again = false;

  async function record(messages: readonly PushMessage[], options: RecordOptions = {}): Promise<number> {
    const rows = deliveryRows(messages, now(), options.day);
    let inserted = 0;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      inserted += (await db.delivery.createMany({ data: chunk, skipDuplicates: true })).count;
    }
    return inserted;
  }

  async function push(message: PushMessage): Promise<void> {
    await record([message]);
    // Urgent pushes go out now, not on the next tick; a failure stays in the log for the retry.
    void drain().catch((err) => log.error({ err }, 'delivery drain failed'));
  }

  /**
   * One drain at a time per process. A call during a drain makes it go round once more and
   * waits for that, so rows pushed a moment ago are sent before the promise settles.
   */
  function drain(): Promise<DrainResult> {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      const total = { sent: 0, failed: 0 };
      try {
        do {
          again = false;
          const round = await drainOnce();
          total.sent += round.sent;
          total.failed += round.failed;
        } while (again);
        return total;
      } finally {
        current = undefined;
      }
    })();
    return current;
  }

  async function drainOnce(): Promise<DrainResult> {
    const result = { sent: 0, failed: 0 };
    if (!options.sender) return result;
    for (;;) {
      const batch = await claim();
      if (batch.length === 0) return result;
      for (const row of batch) {
        try {
          await options.sender(row.recipient, row.body);
          await db.delivery.update({
            where: { id: row.id },
            data: { status: 'sent', sentAt: now(), lastError: null },
          });
          result.sent++;
        } catch (err) {
          result.failed++;
          const message = err instanceof Error ? err.message : String(err);
          const giveUp = row.attempts >= MAX_ATTEMPTS;
          await db.delivery.update({
            where: { id: row.id },
            data: {
              status: 'failed',
              lastError: message.slice(0, 500),
              nextAttemptAt: new Date(now().getTime() + backoffMs(row.attempts)),
            },
          });
          const fields = { key: row.key, kind: row.kind, attempts: row.attempts, err };
          if (giveUp) log.error(fields, 'push failed for good; it stays in the delivery log');
          else log.warn(fields, 'push failed; will retry');
        }
      }
    }
  }

  /**
   * Claims due rows for this instance. A daily digest is never sent after its day: a digest
   * left over from yesterday (no sender then, or every try failed) stays in the log, unsent.
   * Due are pending or failed rows whose time has come, and stale "sending" ones.
   */
  async function claim() {
    const at = now();
    const stale = new Date(at.getTime() - STALE_MS);
    return db.$queryRaw<
      { id: bigint; key: string; kind: string; recipient: string; body: string; attempts: number }[]
    >`
      UPDATE "Delivery" SET status = 'sending', attempts = attempts + 1, "updatedAt" = ${at}
      WHERE id IN (
        SELECT id FROM "Delivery"
        WHERE attempts < ${MAX_ATTEMPTS}
          AND NOT (kind = 'digest' AND day < ${new Date(`${toLocalDate(at)}T00:00:00Z`)}::date)
          AND ((status IN ('pending', 'failed') AND "nextAttemptAt" <= ${at})
               OR (status = 'sending' AND "updatedAt" < ${stale}))
        ORDER BY id
        LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, key, kind, recipient, body, attempts`;
  }

  return { push, record, drain };
}

/** A Sender over the WeCom API; an unknown recipient counts as a failure. */
export function wecomSender(api: {
  sendText(
    to: string,
    text: string,
    options?: { duplicateCheckSeconds?: number },
  ): Promise<{ invalidUsers: string[] }>;
}): Sender {
  return async (recipient, text) => {
    const result = await api.sendText(recipient, text, { duplicateCheckSeconds: 14_400 });
    if (result.invalidUsers.includes(recipient.toLowerCase())) {
      throw new Error(`WeCom does not know recipient ${recipient} (invaliduser)`);
    }
  };
}
