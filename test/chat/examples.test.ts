// Every example that 帮助 and the format replies show must itself be understood: a person
// who copies one gets an answer about the children, never the format again.
import type { StaffRole } from '@prisma/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { createChatHandler } from '../../src/chat/router.js';
import type { Db } from '../../src/db/client.js';
import { createOutbox } from '../../src/digest/outbox.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDistrict, NOW } from '../helpers/district.js';

let db: Db;

const USER_OF_ROLE: Record<StaffRole, string> = {
  director: 'zr_a',
  supervisor: 'dd_p',
  street: 'jd_p',
  district: 'qu_wang',
};

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  await buildDistrict(db);
});

// 登记's example is the blank form itself (one line per field), so it is a template to fill
// in rather than a message to copy; its own tests send filled-in forms.
const COPYABLE = COMMANDS.filter((c) => c.name !== 'register');

describe('the examples the bot shows', () => {
  it.each(COPYABLE.flatMap((c) => c.roles.map((role) => [c.name, role, c.example] as const)))(
    'should understand the %s example sent by a %s',
    async (_name, role, example) => {
      const handler = createChatHandler({
        db,
        log: createSilentLogger(),
        notifier: createOutbox({ db, log: createSilentLogger() }),
        now: () => NOW,
      });
      const reply = await handler({
        kind: 'text',
        userId: USER_OF_ROLE[role],
        text: example,
        msgId: `example-${role}-${example}`,
        createdAt: NOW,
      });
      expect(reply?.text).not.toContain('格式：');
      expect(reply?.outcome).not.toBe('invalid');
    },
  );
});
