import { describe, expect, it } from 'vitest';
import { type Clock, createWecomApi, WecomApiError, type WecomApiOptions } from '../../src/wecom/api.js';
import { createPacer } from '../../src/wecom/pace.js';
import { byteLength } from '../../src/wecom/split.js';
import { captureLog, startFakeApi, WECOM_ENV } from '../helpers/wecom.js';

const APP = {
  corpId: WECOM_ENV.WECOM_CORP_ID,
  agentId: Number(WECOM_ENV.WECOM_AGENT_ID),
  secret: WECOM_ENV.WECOM_SECRET,
};

/** Time that passes only when the client sleeps; the fake API reads the same clock. */
function virtualClock(): Clock {
  let t = Date.UTC(2026, 11, 3, 1, 3);
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
}

async function setUp(options: { users?: string[]; robotKeys?: string[]; tokenTtlS?: number } = {}) {
  const clock = virtualClock();
  const fake = await startFakeApi({ ...options, now: clock.now });
  const captured = captureLog();
  const make = (overrides: Partial<WecomApiOptions> = {}) =>
    createWecomApi({
      wecom: { ...APP, apiBase: fake.url },
      log: captured.log,
      clock,
      retry: { baseMs: 10, maxMs: 40, rateLimitMs: 1000 },
      ...overrides,
    });
  return { fake, captured, clock, api: make(), make };
}

describe('access token', () => {
  it('should fetch a token once and reuse it', async () => {
    const { fake, api } = await setUp();

    await api.sendText('zhangsan', '一');
    await api.sendText('zhangsan', '二');

    expect(fake.tokensIssued()).toBe(1);
    expect(fake.delivered()).toHaveLength(2);
  });

  it('should share one refresh between concurrent callers', async () => {
    const { fake, api } = await setUp();

    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((u) => api.sendText(u, '你好')));

    expect(fake.tokensIssued()).toBe(1);
  });

  it('should refresh before the token runs out', async () => {
    const { fake, api, clock } = await setUp({ tokenTtlS: 7200 });

    await api.sendText('zhangsan', '一');
    await clock.sleep(7200_000 - 30_000);
    await api.sendText('zhangsan', '二');

    expect(fake.tokensIssued()).toBe(2);
    expect(fake.received.filter((r) => r.errcode !== 0)).toHaveLength(0);
  });

  it.each([42001, 40014, 41001])(
    'should refresh once and retry the call after errcode %i',
    async (errcode) => {
      const { fake, api } = await setUp();
      await api.accessToken();
      fake.failNext(1, { errcode }, 'message/send');

      await api.sendText('zhangsan', '你好');

      expect(fake.tokensIssued()).toBe(2);
      expect(fake.delivered()).toHaveLength(1);
    },
  );

  it('should recover when WeCom expires every token early', async () => {
    const { fake, api } = await setUp();
    await api.sendText('zhangsan', '一');
    fake.expireTokens();

    await api.sendText('zhangsan', '二');

    expect(fake.received.map((r) => `${r.api}:${r.errcode}`)).toEqual([
      'gettoken:0',
      'message/send:0',
      'message/send:42001',
      'gettoken:0',
      'message/send:0',
    ]);
  });

  it('should give up after one refresh when the token is refused again', async () => {
    const { fake, api } = await setUp();
    fake.failNext(2, { errcode: 40014 }, 'message/send');

    await expect(api.sendText('zhangsan', '你好')).rejects.toMatchObject({ errcode: 40014 });
    expect(fake.tokensIssued()).toBe(2);
  });
});

describe('message/send', () => {
  it('should send text to several members and report the ones WeCom could not reach', async () => {
    const { fake, api } = await setUp({ users: ['zhangsan', 'lisi'] });

    const result = await api.sendText('zhangsan|lisi|Ghost', '明天入户走访');

    expect(result.invalidUsers).toEqual(['ghost']);
    expect(result.msgIds).toHaveLength(1);
    expect(fake.delivered()).toMatchObject([
      { touser: ['zhangsan', 'lisi'], msgtype: 'text', content: '明天入户走访' },
    ]);
  });

  it('should accept recipients as a list', async () => {
    const { fake, api } = await setUp();

    await api.sendMarkdown(['zhangsan', 'lisi'], '**今日待办**');

    expect(fake.delivered()[0]?.body).toMatchObject({
      touser: 'zhangsan|lisi',
      msgtype: 'markdown',
      agentid: 1000002,
      markdown: { content: '**今日待办**' },
    });
  });

  it('should fail when every recipient is invalid', async () => {
    const { api } = await setUp({ users: ['zhangsan'] });

    const sending = api.sendText('nobody', '你好');

    await expect(sending).rejects.toBeInstanceOf(WecomApiError);
    await expect(sending).rejects.toMatchObject({ errcode: 81013, kind: 'wecom' });
  });

  it('should split a long text on line boundaries under 2048 bytes', async () => {
    const { fake, api } = await setUp();
    const lines = Array.from({ length: 200 }, (_, i) => `${i + 1}. 王小红 入户走访 待完成`);

    const result = await api.sendText('zhangsan', lines.join('\n'));

    const parts = fake.delivered().map((r) => r.content ?? '');
    expect(parts.length).toBeGreaterThan(1);
    expect(result.msgIds).toHaveLength(parts.length);
    for (const part of parts) expect(byteLength(part)).toBeLessThanOrEqual(2048);
    expect(parts.join('\n')).toBe(lines.join('\n'));
  });

  it('should pace sends to one member so WeCom drops none of them', async () => {
    const { fake, api, clock } = await setUp();
    const started = clock.now();

    for (let i = 0; i < 35; i++) await api.sendText('zhangsan', `提醒 ${i}`);

    expect(fake.delivered()).toHaveLength(35);
    expect(fake.delivered().flatMap((r) => r.dropped ?? [])).toEqual([]);
    expect(clock.now() - started).toBeGreaterThanOrEqual(60_000);
  });

  it('should show that an unpaced burst loses messages at the fake, as at WeCom', async () => {
    const { fake, make } = await setUp();
    const unpaced = make({ memberWindows: [{ limit: 1000, windowMs: 1 }] });

    for (let i = 0; i < 31; i++) await unpaced.sendText('zhangsan', `提醒 ${i}`);

    expect(fake.delivered().flatMap((r) => r.dropped ?? [])).toEqual(['zhangsan']);
  });
});

describe('retries', () => {
  it('should retry server errors and busy answers, then succeed', async () => {
    const { fake, api } = await setUp();
    await api.accessToken();
    fake.failNext(1, { status: 502 }, 'message/send');
    fake.failNext(1, { errcode: -1 }, 'message/send');
    fake.failNext(1, { errcode: 45009 }, 'message/send');

    await api.sendText('zhangsan', '你好');

    expect(fake.received.filter((r) => r.api === 'message/send').map((r) => r.errcode)).toEqual([
      -1, -1, 45009, 0,
    ]);
  });

  it('should stop after a bounded number of tries and return the failure', async () => {
    const { fake, api } = await setUp();
    await api.accessToken();
    fake.failNext(10, { status: 503 }, 'message/send');

    await expect(api.sendText('zhangsan', '你好')).rejects.toMatchObject({ kind: 'http', status: 503 });
    expect(fake.received.filter((r) => r.api === 'message/send')).toHaveLength(4);
  });

  it('should not retry a request WeCom refuses for good', async () => {
    const { fake, api } = await setUp();
    await api.accessToken();
    fake.failNext(1, { errcode: 44004 }, 'message/send');

    await expect(api.sendText('zhangsan', '你好')).rejects.toMatchObject({ errcode: 44004 });
    expect(fake.received.filter((r) => r.api === 'message/send')).toHaveLength(1);
  });

  it('should report a network failure without the URL or token', async () => {
    const { captured, make } = await setUp();
    const api = make({ wecom: { ...APP, apiBase: 'http://127.0.0.1:1' } });

    const error = await api.sendText('zhangsan', '你好').catch((err: unknown) => err);

    expect(error).toMatchObject({ kind: 'network' });
    expect(String((error as Error).message)).not.toContain(APP.secret);
    expect(captured.raw()).not.toContain(APP.secret);
  });
});

describe('configuration errors', () => {
  it('should log a wrong secret once, saying where to fix it', async () => {
    const { captured, make } = await setUp();
    const api = make({ wecom: { ...APP, secret: 'not-the-secret', apiBase: (await startFakeApi()).url } });

    await expect(api.sendText('zhangsan', '一')).rejects.toMatchObject({
      errcode: 40001,
      isConfiguration: true,
    });
    await expect(api.sendText('zhangsan', '二')).rejects.toMatchObject({ errcode: 40001 });

    const errors = captured.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toContain('Secret');
    expect(captured.raw()).not.toContain('not-the-secret');
  });

  it('should name 企业可信IP when the server IP is not trusted', async () => {
    const { fake, captured, api } = await setUp();
    fake.failNext(1, { errcode: 60020, errmsg: 'not allow to access from your ip, from ip: 10.0.0.1' });

    await expect(api.sendText('zhangsan', '你好')).rejects.toMatchObject({ errcode: 60020 });
    expect(captured.at('error')[0]?.msg).toContain('企业可信IP');
  });

  it('should keep the secret and every token out of the logs', async () => {
    const { fake, captured, api } = await setUp();
    await api.sendText('zhangsan', '一');
    fake.expireTokens();
    await api.sendText('zhangsan', '二');
    const tokens = [await api.accessToken()];

    const written = captured.raw();

    expect(written.length).toBeGreaterThan(0);
    expect(written).not.toContain(APP.secret);
    for (const token of tokens) expect(written).not.toContain(token);
    expect(written).not.toContain('fake-1-');
  });
});

describe('files', () => {
  it('should upload a file as multipart field media, then send it', async () => {
    const { fake, api } = await setUp();

    const mediaId = await api.uploadMedia({
      type: 'file',
      data: Buffer.from('姓名,走访日期\n王小红,2026-12-01\n'),
      filename: '走访记录.csv',
      contentType: 'text/csv',
    });
    await api.sendFile('zhangsan', mediaId);

    const upload = fake.received.find((r) => r.api === 'media/upload')?.upload;
    expect(upload).toMatchObject({
      type: 'file',
      filename: '走访记录.csv',
      contentType: 'text/csv',
      mediaId,
    });
    expect(fake.delivered()).toMatchObject([{ msgtype: 'file', body: { file: { media_id: mediaId } } }]);
  });

  it('should refuse a file of five bytes or fewer, as WeCom does', async () => {
    const { api } = await setUp();

    await expect(
      api.uploadMedia({ type: 'file', data: Buffer.from('tiny'), filename: 'a.txt' }),
    ).rejects.toMatchObject({
      errcode: 40006,
    });
  });
});

describe('group robot webhook', () => {
  it('should post markdown to the group of a key', async () => {
    const { fake, api } = await setUp({ robotKeys: ['street-key-1'] });

    await api.sendRobotMarkdown('street-key-1', '**东街道** 今日待办 3 项');

    expect(fake.received.filter((r) => r.api === 'webhook/send')).toMatchObject([
      { errcode: 0, webhookKey: 'street-key-1', content: '**东街道** 今日待办 3 项' },
    ]);
  });

  it('should keep to 20 messages a minute per robot', async () => {
    const { fake, api, clock } = await setUp();
    const started = clock.now();

    for (let i = 0; i < 25; i++) await api.sendRobotMarkdown('street-key-2', `第 ${i} 条`);

    expect(fake.received.filter((r) => r.api === 'webhook/send' && r.errcode === 0)).toHaveLength(25);
    expect(clock.now() - started).toBeGreaterThanOrEqual(60_000);
  });

  it('should fail with 93000 for an unknown key and keep the key out of the logs', async () => {
    const { captured, api } = await setUp({ robotKeys: ['street-key-1'] });

    await expect(api.sendRobotMarkdown('leaked-key-xyz', '测试')).rejects.toMatchObject({ errcode: 93000 });
    expect(captured.raw()).not.toContain('leaked-key-xyz');
  });
});

describe('createPacer', () => {
  it('should let 30 sends through at once and book the 31st a window later', () => {
    const pacer = createPacer([{ limit: 30, windowMs: 60_000 }]);

    const times = Array.from({ length: 31 }, () => pacer.reserve(['zhangsan'], 1_000));

    expect(times.slice(0, 30)).toEqual(Array(30).fill(1_000));
    expect(times[30]).toBe(61_000);
  });

  it('should book a send to several members at the latest time any of them allows', () => {
    const pacer = createPacer([{ limit: 1, windowMs: 10_000 }]);
    pacer.reserve(['a'], 0);

    expect(pacer.reserve(['a', 'b'], 0)).toBe(10_000);
    expect(pacer.reserve(['b'], 0)).toBe(20_000);
  });
});
