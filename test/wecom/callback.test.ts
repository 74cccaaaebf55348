import { beforeEach, describe, expect, it } from 'vitest';
import { writeAudit } from '../../src/casework/audit.js';
import { MessageTakenOver, runForMessage } from '../../src/chat/message-claim.js';
import type { ChatReply, Inbound } from '../../src/chat/types.js';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { createApp } from '../../src/server/app.js';
import { createWecomApi } from '../../src/wecom/api.js';
import { createWecomRouter } from '../../src/wecom/callback.js';
import { ALREADY_SAVED, ORPHAN_SLACK_MS } from '../../src/wecom/dispatch.js';
import { createCallbackSender, type Delivery } from '../../src/wecom/fake/sender.js';
import { createTestDatabase } from '../helpers/db.js';
import { listen } from '../helpers/http.js';
import { captureLog, flipSignature, gate, startFakeApi, WECOM_ENV } from '../helpers/wecom.js';

const { db } = await createTestDatabase();
const fake = await startFakeApi();
const config = loadConfig({ ...WECOM_ENV, WECOM_API_BASE: fake.url, PASSIVE_REPLY_MS: '300' });
const captured = captureLog();
const { log } = captured;

// The command layer stand-in: replies at once, except for texts the test holds at a gate.
const seen: Inbound[] = [];
const held = new Map<string, ReturnType<typeof gate>>();
// Texts whose handler throws the first time, as when the database drops before a command runs.
const throwOnce = new Set<string>();
async function handler(message: Inbound): Promise<ChatReply | null> {
  seen.push(message);
  if (message.kind === 'event') {
    return message.event === 'enter_agent' ? { text: '欢迎使用关爱通', command: 'welcome' } : null;
  }
  await held.get(message.text)?.wait;
  if (throwOnce.delete(message.text)) throw new Error('database unreachable');
  if (message.text === '长') return { text: '走访记录\n'.repeat(300), command: 'long' };
  if (message.text === '表格') return { text: '本周待办', markdown: '**本周待办**', command: 'todo' };
  return { text: `收到：${message.text}`, command: 'echo', outcome: 'ok' };
}

const api = createWecomApi({ wecom: config.wecom!, log, retry: { baseMs: 1, maxMs: 5 } });
const routes = createWecomRouter({ config, db, log, handler, api });
const base = await listen(createApp({ db, log, routers: [routes.router] }));
const sender = createCallbackSender({
  token: WECOM_ENV.WECOM_TOKEN,
  encodingAesKey: WECOM_ENV.WECOM_ENCODING_AES_KEY,
  corpId: WECOM_ENV.WECOM_CORP_ID,
  agentId: 1000002,
});

let nextMsgId = 7301234567890120000n;
const newMsgId = () => String(nextMsgId++);

function post(delivery: Delivery): Promise<Response> {
  return fetch(`${base}/wecom/callback?${delivery.query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: delivery.body,
  });
}

function text(user: string, content: string, msgId = newMsgId()): Delivery {
  return sender.deliver(sender.textXml({ user, text: content, msgId }));
}

async function rows(user: string) {
  return db.inboundMessage.findMany({ where: { fromUser: user }, orderBy: { id: 'asc' } });
}

beforeEach(() => {
  seen.length = 0;
  fake.reset();
});

describe('GET /wecom/callback', () => {
  it('should answer the URL verification with the bare plaintext', async () => {
    const { query, expected } = sender.verification();

    const res = await fetch(`${base}/wecom/callback?${query}`);

    expect(res.status).toBe(200);
    expect(await res.text()).toBe(expected);
  });

  it('should refuse a verification with a wrong signature', async () => {
    const { query } = sender.verification();

    const res = await fetch(`${base}/wecom/callback?${flipSignature(query)}`);

    expect(res.status).toBe(400);
    expect(await res.text()).toBe('bad request');
  });
});

describe('POST /wecom/callback: answering', () => {
  it('should answer a text message with an encrypted passive reply', async () => {
    const res = await post(text('zhangsan', '明天9点提醒我交周报'));

    expect(res.status).toBe(200);
    const reply = sender.openReply(await res.text());
    expect(reply.content).toBe('收到：明天9点提醒我交周报');
    expect(reply.toUser).toBe('zhangsan');
    await routes.idle();
    const [row] = await rows('zhangsan');
    expect(row).toMatchObject({ status: 'handled', replyVia: 'passive', command: 'echo', attempts: 1 });
    expect(fake.delivered()).toHaveLength(0);
  });

  it('should welcome a member who opens the app', async () => {
    const res = await post(sender.deliver(sender.eventXml({ user: 'lisi', event: 'enter_agent' })));

    expect(sender.openReply(await res.text()).content).toBe('欢迎使用关爱通');
    expect(seen).toEqual([expect.objectContaining({ kind: 'event', event: 'enter_agent', userId: 'lisi' })]);
  });

  it('should answer 200 with an empty body when the command has nothing to say', async () => {
    const res = await post(sender.deliver(sender.eventXml({ user: 'lisi', event: 'unsubscribe' })));

    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('should answer a slow command with an empty 200 at once and the reply through the API', async () => {
    const hold = gate();
    held.set('慢', hold);

    const res = await post(text('wangwu', '慢'));

    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(fake.delivered()).toHaveLength(0);
    hold.open();
    await routes.idle();
    expect(fake.delivered()).toMatchObject([{ touser: ['wangwu'], msgtype: 'text', content: '收到：慢' }]);
    const [row] = await rows('wangwu');
    expect(row).toMatchObject({ status: 'handled', replyVia: 'api', reply: '收到：慢' });
    expect(row?.replySentAt).toBeInstanceOf(Date);
  });

  it('should send a reply too long for one passive message through the API, in parts', async () => {
    const res = await post(text('zhaoliu', '长'));

    expect(await res.text()).toBe('');
    await routes.idle();
    const parts = fake.delivered();
    expect(parts.length).toBe(2);
    expect(parts.map((p) => p.content).join('\n')).toBe('走访记录\n'.repeat(300));
  });

  it('should send the markdown form when the reply goes through the API', async () => {
    const hold = gate();
    held.set('表格', hold);

    await post(text('sunqi', '表格'));
    hold.open();
    await routes.idle();

    expect(fake.delivered()).toMatchObject([{ msgtype: 'markdown', content: '**本周待办**' }]);
  });

  it('should keep a failed API reply on the inbound row and log it', async () => {
    const hold = gate();
    held.set('发送失败', hold);
    fake.failNext(1, { errcode: 81013 }, 'message/send');

    await post(text('zhouba', '发送失败'));
    hold.open();
    await routes.idle();

    const [row] = await rows('zhouba');
    expect(row).toMatchObject({
      status: 'failed',
      replyVia: 'api',
      reply: '收到：发送失败',
      replySentAt: null,
    });
    expect(captured.at('error').some((l) => l.msg.includes('late reply'))).toBe(true);
  });

  it('should never log the message text at info', async () => {
    await post(text('wujiu', '张小明的身份证号码'));

    expect(captured.raw()).not.toContain('张小明');
  });
});

describe('POST /wecom/callback: de-duplication', () => {
  it('should store a message delivered three times once and run its command once', async () => {
    const delivery = text('chen', '重试');

    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(sender.openReply(await (await post(delivery)).text()).content);

    expect(replies).toEqual(['收到：重试', '收到：重试', '收到：重试']);
    expect(seen).toHaveLength(1);
    const stored = await rows('chen');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.attempts).toBe(3);
  });

  it('should run the command once for concurrent duplicate deliveries', async () => {
    const delivery = text('lin', '并发');

    const bodies = await Promise.all(Array.from({ length: 5 }, () => post(delivery).then((r) => r.text())));

    expect(bodies.map((b) => sender.openReply(b).content)).toEqual(Array(5).fill('收到：并发'));
    expect(seen).toHaveLength(1);
    expect(await rows('lin')).toHaveLength(1);
  });

  it('should send a slow reply once however many retries arrive, and answer later ones empty', async () => {
    const hold = gate();
    held.set('慢重试', hold);
    const delivery = text('huang', '慢重试');

    const during = await Promise.all([post(delivery), post(delivery), post(delivery)]);
    hold.open();
    await routes.idle();
    const after = await post(delivery);

    for (const res of [...during, after]) {
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
    }
    expect(seen).toHaveLength(1);
    expect(fake.delivered()).toHaveLength(1);
    const [row] = await rows('huang');
    expect(row).toMatchObject({ attempts: 4, replyVia: 'api', status: 'handled' });
  });

  it('should run the command once when two bot instances on one database get the same message', async () => {
    const second = createWecomRouter({ config, db, log, handler, api });
    const secondBase = await listen(createApp({ db, log, routers: [second.router] }));
    const delivery = text('gao', '两个实例');

    const bodies = await Promise.all(
      [base, secondBase, base, secondBase].map((url) =>
        fetch(`${url}/wecom/callback?${delivery.query}`, { method: 'POST', body: delivery.body }).then((r) =>
          r.text(),
        ),
      ),
    );

    expect(bodies.map((b) => sender.openReply(b).content)).toEqual(Array(4).fill('收到：两个实例'));
    expect(seen).toHaveLength(1);
    expect(await rows('gao')).toMatchObject([{ attempts: 4 }]);
  });

  it('should tell events apart by user, create time and event', async () => {
    const event = sender.eventXml({ user: 'xu', event: 'enter_agent', createTime: 1_800_000_000 });

    await post(sender.deliver(event));
    await post(sender.deliver(event));
    await post(
      sender.deliver(sender.eventXml({ user: 'xu', event: 'enter_agent', createTime: 1_800_000_001 })),
    );

    expect(seen).toHaveLength(2);
    expect((await rows('xu')).map((r) => r.attempts)).toEqual([2, 1]);
  });
});

describe('POST /wecom/callback: the database down, a process killed', () => {
  it('should answer 503 so that WeCom delivers again when the database cannot be reached', async () => {
    const down = createDb('postgresql://postgres:x@127.0.0.1:9/none', 1);
    const lost = createWecomRouter({ config, db: down, log, handler, api });
    const lostBase = await listen(createApp({ db: down, log, routers: [lost.router] }));
    const delivery = text('ma', '断库');

    const res = await fetch(`${lostBase}/wecom/callback?${delivery.query}`, {
      method: 'POST',
      body: delivery.body,
    });

    expect(res.status).toBe(503);
    expect(seen).toHaveLength(0);
    const retry = await post(delivery);
    expect(sender.openReply(await retry.text()).content).toBe('收到：断库');
    await down.$disconnect();
  });

  it('should answer 503 when the command could not start, and run it on the retry that takes it over', async () => {
    throwOnce.add('先失败');
    const delivery = text('he', '先失败');

    const first = await post(delivery);
    const early = await post(delivery);
    await new Promise((r) => setTimeout(r, 300 + ORPHAN_SLACK_MS));
    const late = await post(delivery);

    await routes.idle();

    expect([first.status, early.status]).toEqual([503, 503]);
    expect(sender.openReply(await late.text()).content).toBe('收到：先失败');
    expect(seen).toHaveLength(2);
    expect(await rows('he')).toMatchObject([{ status: 'handled', replyVia: 'passive', attempts: 3 }]);
  });

  it('should run again a message whose owner died before writing, and not one it died after writing', async () => {
    const [unwritten, written] = [newMsgId(), newMsgId()];
    for (const [msgId, wroteAt] of [
      [unwritten, null],
      [written, new Date()],
    ] as const) {
      await db.inboundMessage.create({
        data: {
          dedupKey: `app:msg:${msgId}`,
          fromUser: 'crash',
          msgType: 'text',
          content: '崩溃',
          createdAt: new Date(),
          receivedAt: new Date(Date.now() - 10_000),
          owner: 'killed-process',
          wroteAt,
        },
      });
    }

    const rerun = await post(text('crash', '崩溃', unwritten));
    const saved = await post(text('crash', '崩溃', written));

    expect(sender.openReply(await rerun.text()).content).toBe('收到：崩溃');
    expect(sender.openReply(await saved.text()).content).toBe(ALREADY_SAVED);
    expect(seen).toHaveLength(1);
  });

  it('should refuse an audited write for a message a retry has taken over', async () => {
    const row = await db.inboundMessage.create({
      data: {
        dedupKey: 'app:msg:taken',
        fromUser: 'x',
        msgType: 'text',
        createdAt: new Date(),
        owner: 'new',
      },
    });
    const write = () =>
      db.$transaction((tx) =>
        writeAudit(tx, { via: 'wecom', action: 'test.write', entity: 'Test', entityId: 1 }),
      );

    await expect(runForMessage({ id: row.id, owner: 'old' }, write)).rejects.toThrow(MessageTakenOver);
    await runForMessage({ id: row.id, owner: 'new' }, write);

    expect(await db.auditEntry.count({ where: { action: 'test.write' } })).toBe(1);
    expect(await db.inboundMessage.findUnique({ where: { id: row.id } })).toMatchObject({
      wroteAt: expect.any(Date),
    });
  });
});

describe('POST /wecom/callback: refusals', () => {
  const seconds = () => Math.floor(Date.now() / 1000);
  const otherCorp = createCallbackSender({
    token: WECOM_ENV.WECOM_TOKEN,
    encodingAesKey: WECOM_ENV.WECOM_ENCODING_AES_KEY,
    corpId: 'wwsomeoneelse0000',
    agentId: 1000002,
  });
  const forged = (encrypt: string): Delivery => {
    const timestamp = String(seconds());
    const signature = sender.crypto.sign(timestamp, '1', encrypt);
    return {
      query: `msg_signature=${signature}&timestamp=${timestamp}&nonce=1`,
      body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
    };
  };

  const cases: [string, () => Delivery, number, string][] = [
    [
      'a wrong signature',
      () => {
        const d = text('refused', 'x');
        return {
          ...d,
          query: d.query.replace(/msg_signature=(\w)/, (_, c) => `msg_signature=${c === 'a' ? 'b' : 'a'}`),
        };
      },
      400,
      'bad_signature',
    ],
    [
      'a payload that does not decrypt',
      () => forged(Buffer.alloc(64, 7).toString('base64')),
      400,
      'bad_ciphertext',
    ],
    [
      'a receive id for another corp',
      () => otherCorp.deliver(otherCorp.textXml({ user: 'refused', text: 'x', msgId: '1' })),
      400,
      'wrong_receive_id',
    ],
    [
      'a timestamp more than 5 minutes old',
      () =>
        sender.deliver(sender.textXml({ user: 'refused', text: 'x', msgId: '2' }), {
          timestamp: String(seconds() - 301),
        }),
      400,
      'stale_timestamp',
    ],
    [
      'a timestamp more than 5 minutes ahead',
      () =>
        sender.deliver(sender.textXml({ user: 'refused', text: 'x', msgId: '3' }), {
          timestamp: String(seconds() + 301),
        }),
      400,
      'stale_timestamp',
    ],
    [
      'a body over 64 KB',
      () => ({ ...text('refused', 'x'), body: `<xml>${'a'.repeat(65 * 1024)}</xml>` }),
      413,
      'body_too_large',
    ],
    [
      'malformed envelope XML',
      () => ({ ...text('refused', 'x'), body: '<xml><Encrypt>abc</xml>' }),
      400,
      'malformed_body',
    ],
    [
      'a DOCTYPE with entities',
      () => ({
        ...text('refused', 'x'),
        body: '<!DOCTYPE xml [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>',
      }),
      400,
      'malformed_body',
    ],
    [
      'malformed message XML inside valid crypto',
      () => sender.deliver('<xml><MsgType>text'),
      400,
      'malformed_body',
    ],
    [
      'a request without signature parameters',
      () => ({ query: '', body: text('refused', 'x').body }),
      400,
      'missing_params',
    ],
  ];

  it.each(cases)('should refuse %s with nothing stored and a warn line', async (_, build, status, reason) => {
    const before = captured.at('warn').length;

    const res = await post(build());

    expect(res.status).toBe(status);
    expect(['bad request', 'payload too large']).toContain(await res.text());
    expect(await rows('refused')).toHaveLength(0);
    expect(seen).toHaveLength(0);
    expect(captured.at('warn').slice(before)).toEqual([
      expect.objectContaining({ reason, msg: 'WeCom callback refused' }),
    ]);
  });
});
