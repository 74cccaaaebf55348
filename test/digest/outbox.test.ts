import { describe, expect, it } from 'vitest';
import { createOutbox } from '../../src/digest/outbox.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestDatabase } from '../helpers/db.js';

const { db } = await createTestDatabase();

describe('the delivery log', () => {
  it('should never send a daily digest after its day, while other pushes still go out', async () => {
    const sent: string[] = [];
    // 2026-12-04 10:00 in Shanghai
    const outbox = createOutbox({
      db,
      log: createSilentLogger(),
      now: () => new Date('2026-12-04T02:00:00Z'),
      sender: async (recipient, text) => {
        sent.push(`${recipient}:${text}`);
      },
    });
    await outbox.record(
      [{ kind: 'digest', recipients: ['zr_a'], text: '昨天的待办', key: 'digest:2026-12-03' }],
      {
        day: '2026-12-03',
      },
    );
    await outbox.record([
      { kind: 'digest', recipients: ['zr_a'], text: '今天的待办', key: 'digest:2026-12-04' },
    ]);
    await outbox.record([{ kind: 'urgent', recipients: ['dd_p'], text: '强制报告 #1', key: 'urgent:1' }], {
      day: '2026-12-03',
    });

    await outbox.drain();

    expect(sent.sort()).toEqual(['dd_p:强制报告 #1', 'zr_a:今天的待办']);
    const old = await db.delivery.findFirstOrThrow({ where: { key: 'digest:2026-12-03:zr_a' } });
    expect(old.status).toBe('pending');
  });
});
