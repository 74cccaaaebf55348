import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatReply, Inbound } from '../../src/chat/types.js';
import { createApp } from '../../src/server/app.js';
import { AIBOT_NO_FILES, createAibotRouter } from '../../src/wecom/aibot.js';
import { createWecomCrypto } from '../../src/wecom/crypto.js';
import { createAibotSender, type Delivery } from '../../src/wecom/fake/sender.js';
import { createTestDatabase } from '../helpers/db.js';
import { listen } from '../helpers/http.js';
import { captureLog, flipSignature, gate } from '../helpers/wecom.js';
import vectors from './wecom-vectors.json' with { type: 'json' };

const AIBOT = { token: 'QwTestToken2024', encodingAesKey: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8' };

const { db } = await createTestDatabase();
const captured = captureLog();
const seen: Inbound[] = [];
const held = new Map<string, ReturnType<typeof gate>>();
async function handler(message: Inbound): Promise<ChatReply | null> {
  seen.push(message);
  if (message.kind === 'event') return message.event === 'enter_chat' ? { text: '你好，我是关爱通' } : null;
  await held.get(message.text)?.wait;
  if (message.text === '报表') {
    return {
      text: '发放表见附件。',
      command: 'spreadsheet',
      file: { filename: 'a.xlsx', data: Buffer.from('x') },
    };
  }
  return { text: `收到：${message.text}`, markdown: `**收到**：${message.text}`, command: 'echo' };
}
const routes = createAibotRouter({ aibot: AIBOT, passiveReplyMs: 300, db, log: captured.log, handler });
const base = await listen(createApp({ db, log: captured.log, routers: [routes.router] }));
const bot = createAibotSender(AIBOT);

function post(delivery: Delivery): Promise<Response> {
  return fetch(`${base}/wecom/aibot?${delivery.query}`, { method: 'POST', body: delivery.body });
}

function nonceOf(delivery: Delivery): string {
  return new URLSearchParams(delivery.query).get('nonce') ?? '';
}

function textMessage(msgid: string, content: string, extra: Record<string, unknown> = {}) {
  return {
    msgid,
    aibotid: 'AIBOTID',
    chattype: 'single',
    from: { userid: 'zhangsan' },
    response_url: 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=X',
    msgtype: 'text',
    text: { content },
    ...extra,
  };
}

async function exchange(message: Record<string, unknown>) {
  const delivery = bot.deliver(message);
  const res = await post(delivery);
  const body = await res.text();
  return { status: res.status, body, reply: body ? bot.openReply(body, nonceOf(delivery)) : undefined };
}

beforeEach(() => {
  seen.length = 0;
});

describe('/wecom/aibot', () => {
  it('should read the B7 vector as WeCom sends it', async () => {
    const v = vectors.B7_aibot_inbound;
    const now = Number(v.timestamp) * 1000;
    const atVectorTime = createAibotRouter({
      aibot: AIBOT,
      passiveReplyMs: 300,
      db,
      log: captured.log,
      handler,
      now: () => now,
    });
    const vectorBase = await listen(createApp({ db, log: captured.log, routers: [atVectorTime.router] }));

    const res = await fetch(
      `${vectorBase}/wecom/aibot?msg_signature=${v.msg_signature}&timestamp=${v.timestamp}&nonce=${v.nonce}`,
      {
        method: 'POST',
        body: vectors.B7_post_body,
      },
    );

    expect(res.status).toBe(200);
    expect(bot.openReply(await res.text(), v.nonce)).toMatchObject({
      msgtype: 'stream',
      stream: { finish: true, content: '**收到**：今天有什么待办？' },
    });
    expect(seen).toMatchObject([{ kind: 'text', userId: 'zhangsan', msgId: 'TESTMSGID001' }]);
  });

  it('should answer the URL verification', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const sealed = bot.crypto.seal('8712345678901234567', timestamp, '42');
    const query = `msg_signature=${sealed.signature}&timestamp=${timestamp}&nonce=42&echostr=${encodeURIComponent(sealed.encrypt)}`;

    const res = await fetch(`${base}/wecom/aibot?${query}`);

    expect(await res.text()).toBe('8712345678901234567');
  });

  it('should answer a text with a finished stream carrying the markdown form', async () => {
    const { reply } = await exchange(textMessage('m-1', '今天有什么待办？'));

    expect(reply).toMatchObject({
      msgtype: 'stream',
      stream: { finish: true, content: '**收到**：今天有什么待办？' },
    });
    expect(reply?.stream?.id).toMatch(/^gat-\d+$/);
  });

  it('should say that a spreadsheet comes through the app, since a stream carries no file', async () => {
    const { reply } = await exchange(textMessage('m-file', '报表'));

    expect(reply?.stream?.content).toBe(`发放表见附件。\n${AIBOT_NO_FILES}`);
  });

  it('should drop the @mention that addresses the bot in a group', async () => {
    await exchange(textMessage('m-2', '@关爱通 待办', { chattype: 'group', chatid: 'CHAT1' }));

    expect(seen).toMatchObject([{ kind: 'text', text: '待办' }]);
  });

  it('should welcome with a text on enter_chat', async () => {
    const { reply } = await exchange({
      msgtype: 'event',
      create_time: Math.floor(Date.now() / 1000),
      from: { userid: 'lisi' },
      event: { eventtype: 'enter_chat' },
    });

    expect(reply).toEqual({ msgtype: 'text', text: { content: '你好，我是关爱通' } });
  });

  it('should answer a slow command with an unfinished stream and finish it on refresh', async () => {
    const hold = gate();
    held.set('慢', hold);

    const first = await exchange(textMessage('m-3', '慢'));
    const id = first.reply?.stream?.id ?? '';
    const early = await exchange({ msgtype: 'stream', stream: { id } });
    hold.open();
    await routes.idle();
    const later = await exchange({ msgtype: 'stream', stream: { id } });

    expect(first.reply?.stream).toMatchObject({ finish: false });
    expect(early.reply?.stream).toMatchObject({ id, finish: false });
    expect(later.reply?.stream).toEqual({ id, finish: true, content: '**收到**：慢' });
    expect(seen).toHaveLength(1);
  });

  it('should not run a slow command again when WeCom repeats its msgid after the owner went late', async () => {
    const hold = gate();
    held.set('很慢', hold);

    const first = await exchange(textMessage('m-slow', '很慢'));
    // Past the owner's window (passive 300 ms + the orphan slack): a takeover would run it again.
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    const repeated = await exchange(textMessage('m-slow', '很慢'));
    hold.open();
    await routes.idle();

    expect(first.reply?.stream).toMatchObject({ finish: false });
    expect(repeated.reply?.stream).toMatchObject({ id: first.reply?.stream?.id, finish: false });
    expect(seen).toHaveLength(1);
  });

  it('should run a repeated msgid once and answer it with the same stream', async () => {
    const message = textMessage('m-4', '重复');

    const first = await exchange(message);
    await routes.idle();
    const again = await exchange(message);

    expect(again.reply).toEqual(first.reply);
    expect(seen).toHaveLength(1);
  });

  it('should answer an image, which it cannot read, with an empty 200', async () => {
    const res = await exchange({
      msgid: 'm-5',
      from: { userid: 'zhangsan' },
      msgtype: 'image',
      image: { url: 'x' },
    });

    expect(res).toMatchObject({ status: 200, body: '' });
  });

  it('should refuse a body that is not the encrypted JSON, and a bad signature', async () => {
    const delivery = bot.deliver(textMessage('m-6', 'x'));

    const notJson = await post({ ...delivery, body: '<xml/>' });
    const badSignature = await post({ ...delivery, query: flipSignature(delivery.query) });

    expect([notJson.status, badSignature.status]).toEqual([400, 400]);
    expect(await db.inboundMessage.count({ where: { dedupKey: 'aibot:msg:m-6' } })).toBe(0);
  });

  it('should refuse a message sealed for an app (receive id not empty)', async () => {
    const app = createWecomCrypto({ ...AIBOT, receiveId: 'ww1234567890abcdef' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const sealed = app.seal(JSON.stringify(textMessage('m-7', 'x')), timestamp, '9');

    const res = await post({
      query: `msg_signature=${sealed.signature}&timestamp=${timestamp}&nonce=9`,
      body: JSON.stringify({ encrypt: sealed.encrypt }),
    });

    expect(res.status).toBe(400);
    expect(captured.at('warn').at(-1)).toMatchObject({ reason: 'wrong_receive_id', route: 'aibot' });
  });
});
