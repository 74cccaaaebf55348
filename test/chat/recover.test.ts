import { describe, expect, it } from 'vitest';
import { recoverInbound } from '../../src/chat/recover.js';
import { createOutbox } from '../../src/digest/outbox.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestDatabase } from '../helpers/db.js';

const { db } = await createTestDatabase();
const log = createSilentLogger();
const outbox = createOutbox({ db, log });
const NOW = new Date('2026-12-03T02:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe('recovering messages cut short', () => {
  it('should tell the sender of a message no process finished, once, and hand unsent replies to the delivery log', async () => {
    await db.inboundMessage.createMany({
      data: [
        {
          dedupKey: 'app:msg:1',
          fromUser: 'zr_a',
          msgType: 'text',
          createdAt: minutesAgo(10),
          receivedAt: minutesAgo(10),
        },
        {
          dedupKey: 'app:msg:2',
          fromUser: 'zr_a',
          msgType: 'text',
          createdAt: minutesAgo(1),
          receivedAt: minutesAgo(1),
        },
        {
          dedupKey: 'app:msg:3',
          fromUser: 'dd_p',
          msgType: 'text',
          createdAt: minutesAgo(3),
          receivedAt: minutesAgo(3),
          status: 'failed',
          replyVia: 'api',
          reply: '已登记：王芳 12月3日 入户走访。',
        },
      ],
    });

    const first = await recoverInbound(db, outbox, log, NOW);
    const second = await recoverInbound(db, outbox, log, NOW);

    expect(first).toEqual({ resent: 1, stranded: 1 });
    expect(second).toEqual({ resent: 1, stranded: 0 });
    const rows = await db.inboundMessage.findMany({ orderBy: { dedupKey: 'asc' }, select: { status: true } });
    expect(rows.map((r) => r.status)).toEqual(['failed', 'received', 'failed']);
    const pushes = await db.delivery.findMany({ orderBy: { key: 'asc' } });
    expect(pushes.map((p) => [p.key, p.recipient])).toEqual([
      ['reply:app:msg:3:dd_p', 'dd_p'],
      ['stranded:app:msg:1:zr_a', 'zr_a'],
    ]);
    expect(pushes[0]!.body).toBe('已登记：王芳 12月3日 入户走访。');
    expect(pushes[1]!.body).toContain('您在 09:50 发送的消息因系统重启未能确认是否处理完成');
  });
});
