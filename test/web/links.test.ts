// Links from chat into the workbench: the tier card and the digest carry one only when
// PUBLIC_BASE_URL is set.
import { describe, expect, it } from 'vitest';
import { createChatHandler } from '../../src/chat/router.js';
import { buildDigests } from '../../src/digest/build.js';
import { createOutbox } from '../../src/digest/outbox.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDistrict, NOW, TODAY } from '../helpers/district.js';

const BASE = 'https://gat.example.gov.cn';
const { db } = await createTestDatabase();
const district = await buildDistrict(db);
const log = createSilentLogger();

async function lookup(publicBaseUrl?: string): Promise<string> {
  const handler = createChatHandler({
    db,
    log,
    notifier: createOutbox({ db, log }),
    now: () => NOW,
    settings: { markdown: false, publicBaseUrl },
  });
  const reply = await handler({
    kind: 'text',
    userId: 'zr_a',
    text: '查询 王芳',
    msgId: 'm1',
    createdAt: NOW,
  });
  return reply!.text;
}

describe('workbench links in chat', () => {
  it('should end the tier card with the child’s file link when PUBLIC_BASE_URL is set', async () => {
    const card = await lookup(BASE);

    expect(card.split('\n').at(-1)).toBe(`档案：${BASE}/web/child/${district.children.wangfang.id}`);
    expect(await lookup()).not.toContain('/web/');
  });

  it('should end a director’s digest with my work and a supervisor’s with the overview', async () => {
    const at = { now: new Date(`${TODAY}T08:05:00+08:00`) };
    const linked = await buildDigests(db, TODAY, { ...at, publicBaseUrl: BASE });
    const plain = await buildDigests(db, TODAY, at);
    const last = (recipient: string) => linked.find((d) => d.recipient === recipient)!.lines.at(-1);

    expect(last('zr_a')).toBe(`网页工作台：${BASE}/web/me`);
    expect(last('dd_p')).toBe(`街道和全区概览：${BASE}/web/overview`);
    expect(plain.map((d) => d.text).join('\n')).not.toContain('/web/');
    expect(linked.map((d) => d.recipient)).toEqual(plain.map((d) => d.recipient));
  });
});
