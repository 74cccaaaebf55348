// 10,000 random and adversarial messages: each gets a reply, nothing crashes, nothing is written.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChatHandler } from '../../src/chat/router.js';
import type { Db } from '../../src/db/client.js';
import { createOutbox } from '../../src/digest/outbox.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDistrict, NOW } from '../helpers/district.js';

let db: Db;

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  await buildDistrict(db);
});

const ADVERSARIAL = [
  '\'; DROP TABLE "Child"; --',
  "无名氏' OR 1=1 --",
  '**粗体** [链接](http://x) <font color="warning">x</font> <@all>',
  '<script>alert(1)</script>',
  '\u0000\u0001\u0007\u001b[31m',
  '\u202e\u200b\ufeff',
  '😀🎉👨‍👩‍👧‍👦',
  '%s%s%n',
  `$${'{'}process.exit()}`,
  '１２月３２日',
];
// Command words followed by junk: they reach the parsers, but name no child that exists.
const WORDS = ['走访', '服务', '评估', '查询', '待办', '撤销', '退出', '资源', '帮助', '1', '2', ''];

const message = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(...ADVERSARIAL),
  fc
    .tuple(
      fc.constantFrom(...WORDS),
      fc.constantFrom(' ', '', '　'),
      fc.constantFrom(...ADVERSARIAL, 'x', '无名氏', '12月1日'),
      fc.string({ maxLength: 20 }),
    )
    .map((parts) => parts.join('')),
  fc.constant('走'.repeat(5000)),
  fc.constant(`走访 ${'a'.repeat(5000)}`),
);

describe('fuzzing the chat handler', () => {
  it('should answer 10,000 random and adversarial messages without crashing or writing', async () => {
    const handler = createChatHandler({
      db,
      log: createSilentLogger(),
      notifier: createOutbox({ db, log: createSilentLogger() }),
      now: () => NOW,
    });
    const counts = () =>
      Promise.all([
        db.visit.count(),
        db.serviceSession.count(),
        db.assessment.count(),
        db.urgentReport.count(),
        db.child.count(),
        db.resourceLink.count(),
        db.auditEntry.count(),
      ]);
    const before = await counts();
    const samples = fc.sample(message, { numRuns: 10_000, seed: 20261203 });
    const users = ['zr_a', 'dd_p', 'jd_p', 'qu_wang', 'nobody'];

    const outcomes = new Map<string, number>();
    for (let i = 0; i < samples.length; i += 25) {
      const replies = await Promise.all(
        samples.slice(i, i + 25).map((text, j) =>
          handler({
            kind: 'text',
            userId: users[(i + j) % users.length]!,
            text,
            msgId: String(i + j),
            createdAt: NOW,
          }),
        ),
      );
      for (const reply of replies) {
        expect(reply?.text.length).toBeGreaterThan(0);
        outcomes.set(reply!.outcome ?? 'none', (outcomes.get(reply!.outcome ?? 'none') ?? 0) + 1);
      }
    }

    expect(outcomes.get('error')).toBeUndefined();
    expect(await counts()).toEqual(before);
  }, 120_000);
});
