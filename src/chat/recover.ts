// Nothing a member sent is silently lost. Two cases the WeCom wire cannot finish by itself:
// - a reply that had to go through the API and failed to send: it is handed to the delivery
//   log, which retries it with backoff (once per message: the key is the message's);
// - a message accepted (stored, answered 200) whose process died before it was handled: the
//   command may or may not have run, so it is never run again; the member is told to check
//   and resend if needed.

import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Notifier } from './command.js';

/** A message still "received" after this long has no process working on it any more. */
export const STRANDED_AFTER_MS = 5 * 60_000;
/** Older messages are left alone: telling someone a day later helps nobody. */
const LOOK_BACK_MS = 24 * 3_600_000;

export async function recoverInbound(
  db: Db,
  notifier: Notifier,
  log: Logger,
  now = new Date(),
): Promise<{ resent: number; stranded: number }> {
  const since = new Date(now.getTime() - LOOK_BACK_MS);
  const unsent = await db.inboundMessage.findMany({
    where: {
      status: 'failed',
      replyVia: 'api',
      reply: { not: null },
      replySentAt: null,
      receivedAt: { gte: since },
    },
    select: { dedupKey: true, fromUser: true, reply: true },
  });
  for (const m of unsent) {
    await notifier.push({
      kind: 'reply',
      recipients: [m.fromUser],
      text: m.reply!,
      key: `reply:${m.dedupKey}`,
    });
  }

  const cutoff = new Date(now.getTime() - STRANDED_AFTER_MS);
  const stranded = await db.$queryRaw<{ dedupKey: string; fromUser: string; createdAt: Date }[]>`
    UPDATE "InboundMessage" SET status = 'failed'
     WHERE status = 'received' AND "msgType" = 'text' AND "receivedAt" < ${cutoff} AND "receivedAt" >= ${since}
    RETURNING "dedupKey", "fromUser", "createdAt"`;
  for (const m of stranded) {
    const at = new Date(m.createdAt.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
    await notifier.push({
      kind: 'stranded',
      recipients: [m.fromUser],
      key: `stranded:${m.dedupKey}`,
      text: `您在 ${at} 发送的消息因系统重启未能确认是否处理完成。请先用“查询 姓名”核对，确实没有记上再重发。`,
    });
  }
  if (unsent.length || stranded.length) {
    log.warn(
      { resent: unsent.length, stranded: stranded.length },
      'recovered messages whose reply or handling was cut short',
    );
  }
  return { resent: unsent.length, stranded: stranded.length };
}
