// A stand-in for qyapi.weixin.qq.com on 127.0.0.1, for tests and `npm run dev:wecom`.
// It issues tokens that expire, answers WeCom's error codes, applies WeCom's limits the way
// WeCom does (some silently), records what it received, and takes faults on request.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeApi =
  | 'gettoken'
  | 'message/send'
  | 'media/upload'
  | 'webhook/send'
  | 'department/list'
  | 'user/list'
  | 'auth/getuserinfo';

/** A department of the fake contact book, in WeCom's wire form. */
export interface FakeDepartment {
  id: number;
  name: string;
  parentid: number;
}

/** A member of the fake contact book, in WeCom's wire form. */
export interface FakeMember {
  userid: string;
  name: string;
  department: number[];
  position?: string;
  /** 1 active, 2 disabled, 4 not activated, 5 left */
  status?: number;
}

export interface FakeRecord {
  api: FakeApi;
  at: number;
  errcode: number;
  /** JSON body as received (message/send, webhook/send). */
  body?: Record<string, unknown>;
  touser?: string[];
  msgtype?: string;
  content?: string;
  /** Recipients whose copy WeCom would drop without saying so (over 30 a minute). */
  dropped?: string[];
  /** Upload: what arrived in the `media` field. */
  upload?: { type: string; filename: string; contentType: string; size: number; mediaId: string };
  webhookKey?: string;
  /** Accepted, but not shown again: WeCom's duplicate check matched an earlier message. */
  duplicate?: boolean;
}

export type Fault = { errcode: number; errmsg?: string } | { status: number };

export interface FakeWecomOptions {
  corpId: string;
  secret: string;
  agentId: number;
  /** Lifetime of issued tokens, seconds (WeCom: 7200). */
  tokenTtlS?: number;
  /** Known userids; others are reported in invaliduser. Everyone is known when unset. */
  users?: string[];
  /** Valid robot webhook keys; any key is accepted when unset. */
  robotKeys?: string[];
  /** Calls per minute per API before 45009, as WeCom's frequency limit. */
  apiPerMinute?: number;
  /** The contact book for department/list and user/list. */
  departments?: FakeDepartment[];
  members?: FakeMember[];
  now?: () => number;
}

export interface FakeWecom {
  url: string;
  received: FakeRecord[];
  /** Messages delivered to members through message/send (failed calls excluded). */
  delivered(): FakeRecord[];
  tokensIssued(): number;
  /** The next n calls (of one API, or any) fail with this errcode or HTTP status. */
  failNext(n: number, fault: Fault, api?: FakeApi): void;
  /** The next n calls (of one API, or any) wait this long before answering. */
  delayNext(ms: number, n?: number, api?: FakeApi): void;
  /** The next n calls are carried out (a message is shown), but answered only after ms: a timeout. */
  answerLateNext(ms: number, n?: number, api?: FakeApi): void;
  /** Every token issued so far is expired from now on. */
  expireTokens(): void;
  /** Replaces the contact book that department/list and user/list answer from. */
  setDirectory(departments: FakeDepartment[], members: FakeMember[]): void;
  /**
   * Who the fake WeCom client is signed in as: /connect/oauth2/authorize sends them back to
   * the app with a code for this userid (null: nobody, the page answers 403).
   */
  signIn(userid: string | null): void;
  /** A fresh web-login code for a userid, as WeCom would put on the redirect. */
  issueCode(userid: string): string;
  /** Every code issued so far is past its 5 minutes from now on. */
  expireCodes(): void;
  /** Called with every record, e.g. to print pushes in the dev console. */
  onRecord(listener: (record: FakeRecord) => void): void;
  reset(): void;
  close(): Promise<void>;
}

const MEMBER_PER_MINUTE = 30;
const ROBOT_PER_MINUTE = 20;
const APP_CONTENT_BYTES = 2048;
const ROBOT_CONTENT_BYTES = 4096;
const CODE_TTL_MS = 5 * 60_000;

interface Rule {
  left: number;
  api?: FakeApi;
}

export async function startFakeWecom(options: FakeWecomOptions): Promise<FakeWecom> {
  const now = options.now ?? Date.now;
  const ttlMs = (options.tokenTtlS ?? 7200) * 1000;
  const tokens = new Map<string, number>();
  const faults: (Rule & { fault: Fault })[] = [];
  const delays: (Rule & { ms: number })[] = [];
  const lateAnswers: (Rule & { ms: number })[] = [];
  const listeners: ((r: FakeRecord) => void)[] = [];
  const memberLog = new Map<string, number[]>();
  const apiLog = new Map<string, number[]>();
  const received: FakeRecord[] = [];
  /** When each message under duplicate check was last shown, by recipient and content. */
  const shownAt = new Map<string, number>();
  let issued = 0;
  let departments = options.departments ?? [];
  let members = options.members ?? [];
  // WeCom web-login codes are single-use and live 5 minutes.
  const codes = new Map<string, { userid: string; expires: number }>();
  let signedIn: string | null = null;
  const issueCode = (userid: string): string => {
    const code = randomBytes(16).toString('hex');
    codes.set(code, { userid, expires: now() + CODE_TTL_MS });
    return code;
  };

  const record = (r: Omit<FakeRecord, 'at'>): FakeRecord => {
    const full = { ...r, at: now() };
    received.push(full);
    for (const l of listeners) l(full);
    return full;
  };

  const take = <T extends Rule>(rules: T[], api: FakeApi): T | undefined => {
    const rule = rules.find((r) => r.left > 0 && (!r.api || r.api === api));
    if (rule) rule.left--;
    return rule;
  };

  const overLimit = (logs: Map<string, number[]>, key: string, limit: number): boolean => {
    const times = (logs.get(key) ?? []).filter((t) => t > now() - 60_000);
    logs.set(key, times);
    if (times.length >= limit) return true;
    times.push(now());
    return false;
  };

  const checkToken = (url: URL): number => {
    const token = url.searchParams.get('access_token');
    if (!token) return 41001;
    const expires = tokens.get(token);
    if (expires === undefined) return 40014;
    return now() >= expires ? 42001 : 0;
  };

  async function route(api: FakeApi, url: URL, req: IncomingMessage): Promise<Record<string, unknown>> {
    const body = await readAll(req);
    if (api === 'gettoken') return getToken(url);
    if (api === 'webhook/send') return webhook(url, body);

    const tokenError = checkToken(url);
    if (tokenError) {
      record({ api, errcode: tokenError });
      return { errcode: tokenError, errmsg: 'access_token invalid, expired or missing' };
    }
    if (options.apiPerMinute && overLimit(apiLog, api, options.apiPerMinute)) {
      record({ api, errcode: 45009 });
      return { errcode: 45009, errmsg: 'api freq out of limit' };
    }
    if (api === 'media/upload') return upload(url, req, body);
    if (api === 'department/list') return listDepartments();
    if (api === 'user/list') return listUsers(url);
    if (api === 'auth/getuserinfo') return userInfo(url);
    return send(body);
  }

  function userInfo(url: URL): Record<string, unknown> {
    const code = url.searchParams.get('code') ?? '';
    const entry = codes.get(code);
    codes.delete(code);
    if (!entry || now() >= entry.expires) {
      record({ api: 'auth/getuserinfo', errcode: 40029 });
      return { errcode: 40029, errmsg: 'invalid code' };
    }
    record({ api: 'auth/getuserinfo', errcode: 0 });
    return { errcode: 0, errmsg: 'ok', userid: entry.userid, user_ticket: '' };
  }

  /** The page WeCom's client opens for web login: straight back to the app with a code. */
  function authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const redirect = q.get('redirect_uri') ?? '';
    const valid =
      q.get('appid') === options.corpId &&
      q.get('agentid') === String(options.agentId) &&
      q.get('response_type') === 'code' &&
      q.get('scope') === 'snsapi_base' &&
      /^https?:\/\//.test(redirect);
    if (!valid) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('参数错误');
      return;
    }
    if (signedIn === null) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('请在企业微信中打开');
      return;
    }
    const back = new URL(redirect);
    back.searchParams.set('code', issueCode(signedIn));
    back.searchParams.set('state', q.get('state') ?? '');
    res.writeHead(302, { location: back.toString() }).end();
  }

  function listDepartments(): Record<string, unknown> {
    record({ api: 'department/list', errcode: 0 });
    return { errcode: 0, errmsg: 'ok', department: departments };
  }

  function listUsers(url: URL): Record<string, unknown> {
    const id = Number(url.searchParams.get('department_id'));
    if (!departments.some((d) => d.id === id)) {
      record({ api: 'user/list', errcode: 60123 });
      return { errcode: 60123, errmsg: 'invalid party id' };
    }
    record({ api: 'user/list', errcode: 0 });
    const userlist = members
      .filter((m) => m.department.includes(id))
      .map((m) => ({ status: 1, position: '', ...m }));
    return { errcode: 0, errmsg: 'ok', userlist };
  }

  function getToken(url: URL): Record<string, unknown> {
    if (url.searchParams.get('corpid') !== options.corpId) {
      record({ api: 'gettoken', errcode: 40013 });
      return { errcode: 40013, errmsg: 'invalid corpid' };
    }
    if (url.searchParams.get('corpsecret') !== options.secret) {
      record({ api: 'gettoken', errcode: 40001 });
      return { errcode: 40001, errmsg: 'invalid credential' };
    }
    const token = `fake-${++issued}-${randomBytes(12).toString('hex')}`;
    tokens.set(token, now() + ttlMs);
    record({ api: 'gettoken', errcode: 0 });
    return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttlMs / 1000 };
  }

  function send(raw: Buffer): Record<string, unknown> {
    const body = parseJson(raw);
    const msgtype = typeof body?.msgtype === 'string' ? body.msgtype : '';
    const inner = body?.[msgtype] as { content?: unknown; media_id?: unknown } | undefined;
    const content = typeof inner?.content === 'string' ? inner.content : undefined;
    const fail = (errcode: number, errmsg: string) => {
      record({ api: 'message/send', errcode, body: body ?? undefined, msgtype, content });
      return { errcode, errmsg };
    };

    if (!body || !['text', 'markdown', 'file'].includes(msgtype)) return fail(40008, 'invalid message type');
    if (body.agentid !== options.agentId) return fail(40056, 'invalid agentid');
    if (msgtype === 'file' && typeof inner?.media_id !== 'string') return fail(40007, 'invalid media_id');
    if (msgtype !== 'file' && !content) return fail(44004, 'empty content');
    if (msgtype === 'markdown' && Buffer.byteLength(content ?? '') > APP_CONTENT_BYTES) {
      return fail(40058, 'markdown.content exceed max length');
    }
    const wanted = String(body.touser ?? '')
      .split('|')
      .filter(Boolean);
    const known = options.users ? new Set(options.users) : undefined;
    const valid = known ? wanted.filter((u) => known.has(u)) : wanted;
    const invalid = wanted.filter((u) => !valid.includes(u));
    if (valid.length === 0) return fail(81013, 'user & party & tag all invalid');

    // WeCom silently drops messages over 30 a minute to one member, and cuts long text.
    const dropped = valid.filter((u) => overLimit(memberLog, u, MEMBER_PER_MINUTE));
    const shown = msgtype === 'text' ? truncateBytes(content ?? '', APP_CONTENT_BYTES) : content;
    if (isDuplicate(body, valid, msgtype, content ?? String(inner?.media_id))) {
      record({ api: 'message/send', errcode: 0, body, touser: [], msgtype, content: shown, duplicate: true });
      return { errcode: 0, errmsg: 'ok', invaliduser: '', msgid: randomBytes(16).toString('hex') };
    }
    record({ api: 'message/send', errcode: 0, body, touser: valid, msgtype, content: shown, dropped });
    return {
      errcode: 0,
      errmsg: 'ok',
      invaliduser: invalid.map((u) => u.toLowerCase()).join('|'),
      msgid: randomBytes(16).toString('hex'),
    };
  }

  /**
   * WeCom's duplicate check (enable_duplicate_check, duplicate_check_interval seconds, default
   * 1800): the same message to the same members within the interval is accepted and not shown.
   */
  function isDuplicate(
    body: Record<string, unknown>,
    to: string[],
    msgtype: string,
    content: string,
  ): boolean {
    if (body.enable_duplicate_check !== 1) return false;
    const key = `${[...to].sort().join('|')}\n${msgtype}\n${content}`;
    const interval = Number(body.duplicate_check_interval ?? 1800) * 1000;
    const last = shownAt.get(key);
    if (last !== undefined && now() - last < interval) return true;
    shownAt.set(key, now());
    return false;
  }

  function upload(url: URL, req: IncomingMessage, raw: Buffer): Record<string, unknown> {
    const type = url.searchParams.get('type') ?? '';
    const part = readMediaPart(String(req.headers['content-type'] ?? ''), raw);
    if (!['image', 'voice', 'video', 'file'].includes(type)) {
      record({ api: 'media/upload', errcode: 40004 });
      return { errcode: 40004, errmsg: 'invalid media type' };
    }
    if (!part || part.data.length <= 5) {
      record({ api: 'media/upload', errcode: 40006 });
      return { errcode: 40006, errmsg: 'invalid media size' };
    }
    const mediaId = `media-${randomBytes(8).toString('hex')}`;
    const upload = {
      type,
      filename: part.filename,
      contentType: part.contentType,
      size: part.data.length,
      mediaId,
    };
    record({ api: 'media/upload', errcode: 0, upload });
    return {
      errcode: 0,
      errmsg: 'ok',
      type,
      media_id: mediaId,
      created_at: String(Math.floor(now() / 1000)),
    };
  }

  function webhook(url: URL, raw: Buffer): Record<string, unknown> {
    const key = url.searchParams.get('key') ?? '';
    const body = parseJson(raw);
    const content = (body?.markdown as { content?: unknown } | undefined)?.content;
    const fail = (errcode: number, errmsg: string) => {
      record({ api: 'webhook/send', errcode, webhookKey: key, body: body ?? undefined });
      return { errcode, errmsg };
    };
    if (!key || (options.robotKeys && !options.robotKeys.includes(key)))
      return fail(93000, 'invalid webhook url');
    if (body?.msgtype !== 'markdown' || typeof content !== 'string' || !content)
      return fail(40008, 'bad message');
    if (Buffer.byteLength(content) > ROBOT_CONTENT_BYTES)
      return fail(40058, 'markdown.content exceed max length');
    if (overLimit(memberLog, `robot:${key}`, ROBOT_PER_MINUTE)) return fail(45009, 'api freq out of limit');
    record({ api: 'webhook/send', errcode: 0, webhookKey: key, body, msgtype: 'markdown', content });
    return { errcode: 0, errmsg: 'ok' };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/connect/oauth2/authorize') {
      authorize(url, res);
      return;
    }
    const api = url.pathname.replace(/^\/cgi-bin\//, '') as FakeApi;
    const known = [
      'gettoken',
      'message/send',
      'media/upload',
      'webhook/send',
      'department/list',
      'user/list',
      'auth/getuserinfo',
    ];
    if (!known.includes(api)) {
      res.writeHead(404).end();
      return;
    }
    const delay = take(delays, api);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
    const fault = take(faults, api);
    if (fault) {
      await readAll(req);
      if ('status' in fault.fault) {
        record({ api, errcode: -1 });
        res.writeHead(fault.fault.status, { 'content-type': 'text/plain' }).end('fault injected');
        return;
      }
      record({ api, errcode: fault.fault.errcode });
      reply(res, { errcode: fault.fault.errcode, errmsg: fault.fault.errmsg ?? 'fault injected' });
      return;
    }
    const late = take(lateAnswers, api);
    const answer = await route(api, url, req);
    if (late) await new Promise((resolve) => setTimeout(resolve, late.ms));
    reply(res, answer);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    delivered: () => received.filter((r) => r.api === 'message/send' && r.errcode === 0 && !r.duplicate),
    tokensIssued: () => issued,
    failNext: (n, fault, api) => void faults.push({ left: n, fault, api }),
    delayNext: (ms, n = 1, api) => void delays.push({ left: n, ms, api }),
    answerLateNext: (ms, n = 1, api) => void lateAnswers.push({ left: n, ms, api }),
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, now());
    },
    setDirectory(nextDepartments, nextMembers) {
      departments = nextDepartments;
      members = nextMembers;
    },
    signIn(userid) {
      signedIn = userid;
    },
    issueCode,
    expireCodes() {
      for (const entry of codes.values()) entry.expires = now();
    },
    onRecord: (listener) => void listeners.push(listener),
    reset() {
      received.length = 0;
      faults.length = 0;
      delays.length = 0;
      lateAnswers.length = 0;
      memberLog.clear();
      apiLog.clear();
      shownAt.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reply(res: ServerResponse, body: Record<string, unknown>): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(raw.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function truncateBytes(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return text;
  // Drop a partial character at the cut rather than show a replacement mark.
  return bytes
    .subarray(0, max)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

/** Finds the multipart part named `media`: enough of RFC 7578 for one file field. */
function readMediaPart(
  contentType: string,
  raw: Buffer,
): { filename: string; contentType: string; data: Buffer } | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return undefined;
  const delimiter = Buffer.from(`--${marker}`);
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    if (split !== -1 && /name="media"/.test(head)) {
      return {
        filename: /filename="([^"]*)"/.exec(head)?.[1] ?? '',
        contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? '',
        data: part.subarray(split + 4),
      };
    }
    start = next;
  }
  return undefined;
}
