// The real command layer behind the real WeCom callback: encrypted messages in, decrypted
// replies out, pushes through the delivery log to the fake WeCom API.
import { describe, expect, it } from 'vitest';
import { recoverInbound } from '../../src/chat/recover.js';
import { createChatHandler } from '../../src/chat/router.js';
import { loadConfig } from '../../src/config.js';
import { createOutbox, wecomSender } from '../../src/digest/outbox.js';
import { createApp } from '../../src/server/app.js';
import { createWecomApi } from '../../src/wecom/api.js';
import { createWecomRouter } from '../../src/wecom/callback.js';
import { FILE_NOT_SENT } from '../../src/wecom/dispatch.js';
import { createCallbackSender } from '../../src/wecom/fake/sender.js';
import type { FakeRecord } from '../../src/wecom/fake/server.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDistrict, NOW } from '../helpers/district.js';
import { listen } from '../helpers/http.js';
import { captureLog, startFakeApi, WECOM_ENV } from '../helpers/wecom.js';

const { db } = await createTestDatabase();
const district = await buildDistrict(db);
const fake = await startFakeApi();
const config = loadConfig({ ...WECOM_ENV, WECOM_API_BASE: fake.url });
const captured = captureLog();
const { log } = captured;
const api = createWecomApi({ wecom: config.wecom!, log, retry: { baseMs: 1, maxMs: 5 } });
const outbox = createOutbox({ db, log, sender: wecomSender(api), now: () => new Date() });
const handler = createChatHandler({ db, log, notifier: outbox, now: () => NOW });
const routes = createWecomRouter({ config, db, log, handler, api });
const base = await listen(createApp({ db, log, routers: [routes.router] }));
const sender = createCallbackSender({
  token: WECOM_ENV.WECOM_TOKEN,
  encodingAesKey: WECOM_ENV.WECOM_ENCODING_AES_KEY,
  corpId: WECOM_ENV.WECOM_CORP_ID,
  agentId: 1000002,
});

let msgId = 7400000000000000000n;

async function say(user: string, text: string, id = String(msgId++)): Promise<string> {
  const delivery = sender.deliver(sender.textXml({ user, text, msgId: id }));
  const res = await fetch(`${base}/wecom/callback?${delivery.query}`, {
    method: 'POST',
    body: delivery.body,
  });
  expect(res.status).toBe(200);
  const body = await res.text();
  return body ? sender.openReply(body).content : '';
}

describe('chat over the WeCom callback', () => {
  it('should record a visit from an encrypted message and answer with an encrypted passive reply', async () => {
    const reply = await say('zr_a', '走访 王芳 昨天 入户 奶奶在家，情况稳定');

    expect(reply).toContain('已登记：王芳 12月2日 入户走访，奶奶在家，情况稳定。');
    expect(await db.visit.count({ where: { childId: district.children.wangfang.id } })).toBe(1);
  });

  it('should record a message WeCom delivers three times exactly once, with one reply', async () => {
    const id = String(msgId++);

    const replies = [
      await say('zr_a', '服务 王芳 今天 心理疏导', id),
      await say('zr_a', '服务 王芳 今天 心理疏导', id),
      await say('zr_a', '服务 王芳 今天 心理疏导', id),
    ];

    expect(replies[0]).toContain('已登记：王芳 12月3日 心理疏导。');
    expect(new Set(replies).size).toBe(1);
    expect(await db.serviceSession.count({ where: { childId: district.children.wangfang.id } })).toBe(1);
  });

  it('should carry a disambiguation across two messages', async () => {
    expect(await say('dd_p', '查询 张小明')).toMatch(/^找到 2 名儿童/);

    const card = await say('dd_p', '2');

    expect(card).toContain('张小明（男，14岁）钮家巷社区');
    expect(card).toContain('风险等级：绿色（四级保护）');
  });

  it('should push an urgent report to the supervisor and district staff through the WeCom API', async () => {
    fake.reset();

    const reply = await say('zr_a', '报告 王芳 邻居反映孩子两天没人照看');
    await outbox.drain();

    expect(reply).toContain('已立即通知督导员和区民卫局（2 人）');
    const pushed = fake.delivered().filter((r) => r.content?.includes('强制报告'));
    expect(pushed.flatMap((r) => r.touser).sort()).toEqual(['dd_p', 'qu_wang']);
    expect(pushed[0]!.content).toContain('邻居反映孩子两天没人照看');
    expect(await db.delivery.count({ where: { kind: 'urgent', status: 'sent' } })).toBe(2);
  });

  it('should send a spreadsheet back as a WeCom file message after the text', async () => {
    fake.reset();

    const passive = await say('jd_p', '报表 2026-12');
    await routes.idle();

    // The reply cannot go passively (it has a file): text, then the upload, then the file message.
    expect(passive).toBe('');
    const calls = fake.received.filter((r) => r.api !== 'gettoken' && r.errcode === 0);
    expect(calls.map((r) => `${r.api}:${r.msgtype ?? r.upload?.type}`)).toEqual([
      'message/send:text',
      'media/upload:file',
      'message/send:file',
    ]);
    const [text, uploaded, file] = calls as [FakeRecord, FakeRecord, FakeRecord];
    expect(text.touser).toEqual(['jd_p']);
    expect(text.content).toContain('发放表见附件');
    expect(uploaded.upload).toMatchObject({ filename: '生活补贴发放表_2026-12_平江街道.xlsx' });
    expect(uploaded.upload!.size).toBeGreaterThan(1000);
    expect(file.touser).toEqual(['jd_p']);
    expect(file.body).toMatchObject({ file: { media_id: uploaded.upload!.mediaId } });
  });

  it('should send the text again with a note when the spreadsheet cannot be uploaded', async () => {
    fake.reset();
    // media/upload fails with a server error on every try the client makes.
    fake.failNext(20, { status: 503 }, 'media/upload');

    await say('jd_p', '报表 2026-12');
    await routes.idle();
    const recovered = await recoverInbound(db, outbox, log);
    await outbox.drain();

    expect(recovered.resent).toBe(1);
    const texts = fake.delivered().filter((r) => r.touser?.includes('jd_p') && r.msgtype === 'text');
    expect(texts.at(-1)!.content).toContain('发放表见附件');
    expect(texts.at(-1)!.content).toContain(FILE_NOT_SENT);
    expect(fake.delivered().some((r) => r.msgtype === 'file')).toBe(false);
  });

  it('should log each handled message with user, command, outcome and time, but never its text', async () => {
    await say('zr_a', '查询 王芳');

    const handled = captured.at('info').filter((l) => l.msg === 'WeCom message handled' && l.user === 'zr_a');
    expect(handled.at(-1)).toMatchObject({
      user: 'zr_a',
      command: 'lookup',
      outcome: 'ok',
      ms: expect.any(Number),
    });
    expect(captured.raw()).not.toContain('邻居反映孩子两天没人照看');
    expect(captured.raw()).not.toContain('王芳');
    expect(captured.raw()).not.toContain(district.children.wangfang.idNumber);
  });
});
