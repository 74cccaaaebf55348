// The WeCom server API for a self-built app (gettoken, message/send, media/upload) and the
// group robot webhook. WeCom answers HTTP 200 for most failures: the errcode decides.
import { createHash } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import type { WecomConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { createPacer, MEMBER_WINDOWS, type Pacer, type RateWindow, ROBOT_WINDOWS } from './pace.js';
import { APP_TEXT_BYTES, ROBOT_MARKDOWN_BYTES, splitByBytes } from './split.js';

/** The token was refused: refresh it once and try the call again (doc 91039). */
const TOKEN_CODES = new Set([40014, 41001, 42001]);
/** Busy, frequency and concurrency limits: worth another try after a pause (doc 90313). */
const RETRY_CODES = new Set([-1, 45009, 45033]);
const RATE_CODES = new Set([45009, 45033]);

/** Mistakes only an administrator can fix, with where to fix them. */
const CONFIG_HINTS: Record<number, string> = {
  40001: 'WECOM_SECRET is not this app’s Secret: copy it again from 应用管理 → the app → Secret',
  40013: 'WECOM_CORP_ID is wrong: copy the 企业ID from 我的企业 → 企业信息',
  48002: 'the app may not call this API: check the app’s permissions in 应用管理',
  60020:
    'this server’s IP is not trusted: add it under 应用管理 → the app → 企业可信IP ' +
    '(a 可信域名 or the 接收消息 callback URL must be set first)',
  93000: 'the group robot webhook key is invalid: copy the 群机器人 webhook URL again and update its key',
};

export type WecomApiErrorKind = 'wecom' | 'http' | 'network';

/** A call that failed for good: WeCom said no, the HTTP status was bad, or the network failed. */
export class WecomApiError extends Error {
  constructor(
    readonly api: string,
    readonly kind: WecomApiErrorKind,
    message: string,
    readonly errcode?: number,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'WecomApiError';
  }

  /** True when an administrator must change something (secret, trusted IP, permissions). */
  get isConfiguration(): boolean {
    return this.errcode !== undefined && this.errcode in CONFIG_HINTS;
  }
}

export interface SendResult {
  /** One per message sent; long texts go out in several parts. */
  msgIds: string[];
  /** Recipients WeCom did not know or could not reach (lower-cased by WeCom). */
  invalidUsers: string[];
  unlicensedUsers: string[];
}

export interface SendOptions {
  /** Ask WeCom to drop an identical request within this many seconds (max 14400). */
  duplicateCheckSeconds?: number;
}

export type MediaType = 'image' | 'voice' | 'video' | 'file';

export interface UploadInput {
  type: MediaType;
  data: Buffer;
  /** Sent as raw UTF-8 in filename="…": WeCom does not read RFC 2231 names. */
  filename: string;
  contentType?: string;
}

/** A department of the WeCom contact book (通讯录), as department/list gives it. */
export interface WecomDepartment {
  id: number;
  name: string;
  /** 0 for the root department */
  parentId: number;
}

/** A member as user/list gives it; status 1 is active, 2 disabled, 4 not yet activated, 5 left. */
export interface WecomMember {
  userid: string;
  name: string;
  departments: number[];
  position: string;
  status: number;
}

/** What the command layer and the digest use to reach people. */
export interface WecomApi {
  sendText(to: string | readonly string[], content: string, options?: SendOptions): Promise<SendResult>;
  sendMarkdown(to: string | readonly string[], content: string, options?: SendOptions): Promise<SendResult>;
  uploadMedia(input: UploadInput): Promise<string>;
  sendFile(to: string | readonly string[], mediaId: string): Promise<SendResult>;
  /** Markdown to a group through its robot webhook key (the part after `key=`). */
  sendRobotMarkdown(webhookKey: string, content: string): Promise<void>;
  /** The cached access token, fetched or refreshed when needed. */
  accessToken(): Promise<string>;
  /** Every department the app can see (contact API, GET /cgi-bin/department/list). */
  listDepartments(): Promise<WecomDepartment[]>;
  /** Members of one department (GET /cgi-bin/user/list?department_id=…). */
  listUsers(departmentId: number): Promise<WecomMember[]>;
  /**
   * The member behind a web-login code (GET /cgi-bin/auth/getuserinfo). Undefined for a
   * visitor outside the company (WeCom then answers an openid); a bad, used or expired code
   * throws a WecomApiError with errcode 40029.
   */
  userIdFromCode(code: string): Promise<string | undefined>;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RetryPolicy {
  /** Further tries after the first, for busy, rate-limit, 5xx and network failures. */
  retries: number;
  baseMs: number;
  maxMs: number;
  /** First pause after 45009/45033; WeCom's blocks clear with their window (about a minute). */
  rateLimitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseMs: 500, maxMs: 8_000, rateLimitMs: 20_000 };

export interface WecomApiOptions {
  wecom: Pick<WecomConfig, 'corpId' | 'agentId' | 'secret' | 'apiBase'>;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  memberWindows?: RateWindow[];
  robotWindows?: RateWindow[];
  timeoutMs?: number;
}

interface CallSpec {
  api: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  /** Built afresh for every try (a multipart stream cannot be sent twice). */
  body?: () => unknown;
  withToken: boolean;
}

interface WecomResponse {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

/** Creates the API client for one app: one token cache, one set of per-member books. */
export function createWecomApi(options: WecomApiOptions): WecomApi {
  const { wecom, log } = options;
  const clock = options.clock ?? realClock;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const members = createPacer(options.memberWindows ?? MEMBER_WINDOWS);
  const robots = createPacer(options.robotWindows ?? ROBOT_WINDOWS);
  const http: AxiosInstance = axios.create({
    baseURL: wecom.apiBase,
    timeout: options.timeoutMs ?? 10_000,
    validateStatus: () => true,
    maxRedirects: 0,
  });
  const hinted = new Set<number>();
  let cached: { token: string; refreshAt: number } | undefined;
  let refreshing: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const data = await call({
      api: 'gettoken',
      method: 'GET',
      path: '/cgi-bin/gettoken',
      query: { corpid: wecom.corpId, corpsecret: wecom.secret },
      withToken: false,
    });
    const token = String(data.access_token ?? '');
    const lifetime = Number(data.expires_in ?? 7200) * 1000;
    if (!token) throw new WecomApiError('gettoken', 'wecom', 'gettoken returned no access_token', 0);
    // Refresh a minute early, or a tenth early for short-lived tokens.
    cached = { token, refreshAt: clock.now() + lifetime - Math.min(60_000, lifetime / 10) };
    log.info({ expiresInS: lifetime / 1000 }, 'WeCom access token fetched');
    return token;
  }

  function accessToken(): Promise<string> {
    if (cached && clock.now() < cached.refreshAt) return Promise.resolve(cached.token);
    // Callers arriving during a refresh share it rather than each asking for a token.
    refreshing ??= fetchToken().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  function forget(token: string): void {
    if (cached?.token === token) cached = undefined;
  }

  async function call(spec: CallSpec): Promise<WecomResponse> {
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const token = spec.withToken ? await accessToken() : undefined;
      const outcome = await attemptOnce(spec, token);
      if ('data' in outcome) return outcome.data;

      const failure = outcome.error;
      if (token && failure.errcode !== undefined && TOKEN_CODES.has(failure.errcode) && !refreshed) {
        log.info({ api: spec.api, errcode: failure.errcode }, 'WeCom refused the access token; refreshing');
        forget(token);
        refreshed = true;
        attempt--;
        continue;
      }
      if (failure.errcode !== undefined) hintOnce(failure.errcode);
      if (!isRetryable(failure) || attempt >= retry.retries) throw failure;

      const pause = backoff(attempt, failure.errcode !== undefined && RATE_CODES.has(failure.errcode));
      log.warn(
        {
          api: spec.api,
          errcode: failure.errcode,
          status: failure.status,
          attempt: attempt + 1,
          pauseMs: pause,
        },
        'WeCom call failed; trying again',
      );
      await clock.sleep(pause);
    }
  }

  async function attemptOnce(
    spec: CallSpec,
    token: string | undefined,
  ): Promise<{ data: WecomResponse } | { error: WecomApiError }> {
    const started = clock.now();
    const params = token ? { ...spec.query, access_token: token } : spec.query;
    let response: { status: number; data: unknown };
    try {
      response = await http.request({ method: spec.method, url: spec.path, params, data: spec.body?.() });
    } catch (err) {
      // The axios error carries the URL, token included: keep only its code and message.
      const code = (err as { code?: string }).code ?? 'ERROR';
      return { error: new WecomApiError(spec.api, 'network', `${spec.api}: network failure (${code})`) };
    }
    const data = (
      typeof response.data === 'object' && response.data !== null ? response.data : {}
    ) as WecomResponse;
    log.debug(
      { api: spec.api, status: response.status, errcode: data.errcode, ms: clock.now() - started },
      'WeCom call',
    );

    if (response.status !== 200) {
      const message = `${spec.api}: HTTP ${response.status}`;
      return { error: new WecomApiError(spec.api, 'http', message, undefined, response.status) };
    }
    const errcode = Number(data.errcode ?? 0);
    if (errcode === 0) return { data };
    const message = `${spec.api}: errcode ${errcode} ${shortErrmsg(data.errmsg)}`;
    return { error: new WecomApiError(spec.api, 'wecom', message, errcode, 200) };
  }

  function isRetryable(error: WecomApiError): boolean {
    if (error.kind === 'network') return true;
    if (error.kind === 'http') return (error.status ?? 0) >= 500 || error.status === 429;
    return error.errcode !== undefined && RETRY_CODES.has(error.errcode);
  }

  function backoff(attempt: number, rateLimited: boolean): number {
    const base = rateLimited ? retry.rateLimitMs : retry.baseMs;
    const ceiling = rateLimited ? base * 2 ** attempt : Math.min(retry.maxMs, base * 2 ** attempt);
    // Half fixed, half random: spreads the retries of many callers without ever skipping the pause.
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  function hintOnce(errcode: number): void {
    const hint = CONFIG_HINTS[errcode];
    if (!hint || hinted.has(errcode)) return;
    hinted.add(errcode);
    log.error({ errcode }, `WeCom configuration problem: ${hint}`);
  }

  async function pace(pacer: Pacer, keys: readonly string[]): Promise<void> {
    const at = pacer.reserve(keys, clock.now());
    const wait = at - clock.now();
    if (wait > 0) {
      log.debug({ waitMs: wait, recipients: keys.length }, 'pacing a send to stay under WeCom limits');
      await clock.sleep(wait);
    }
  }

  async function sendParts(
    to: string | readonly string[],
    msgtype: 'text' | 'markdown',
    content: string,
    options: SendOptions = {},
  ): Promise<SendResult> {
    const users = toUserList(to);
    const parts = splitByBytes(content, APP_TEXT_BYTES);
    const result: SendResult = { msgIds: [], invalidUsers: [], unlicensedUsers: [] };
    for (const part of parts) {
      const one = await sendOne(users, { msgtype, [msgtype]: { content: part } }, options);
      merge(result, one);
    }
    return result;
  }

  async function sendOne(
    users: string[],
    message: Record<string, unknown>,
    options: SendOptions = {},
  ): Promise<SendResult> {
    await pace(members, users);
    const body = {
      touser: users.join('|'),
      agentid: wecom.agentId,
      ...message,
      ...(options.duplicateCheckSeconds
        ? { enable_duplicate_check: 1, duplicate_check_interval: options.duplicateCheckSeconds }
        : {}),
    };
    const data = await call({
      api: 'message/send',
      method: 'POST',
      path: '/cgi-bin/message/send',
      body: () => body,
      withToken: true,
    });
    const result: SendResult = {
      msgIds: data.msgid ? [String(data.msgid)] : [],
      invalidUsers: splitBar(data.invaliduser),
      unlicensedUsers: splitBar(data.unlicenseduser),
    };
    if (result.invalidUsers.length > 0) {
      log.warn(
        { invalid: result.invalidUsers.length, of: users.length },
        'WeCom did not reach some recipients',
      );
    }
    return result;
  }

  return {
    accessToken,
    sendText: (to, content, options) => sendParts(to, 'text', content, options),
    sendMarkdown: (to, content, options) => sendParts(to, 'markdown', content, options),
    sendFile: (to, mediaId) => sendOne(toUserList(to), { msgtype: 'file', file: { media_id: mediaId } }),

    async uploadMedia(input) {
      const data = await call({
        api: 'media/upload',
        method: 'POST',
        path: '/cgi-bin/media/upload',
        query: { type: input.type },
        body: () => {
          const form = new FormData();
          const blob = new Blob([input.data], { type: input.contentType ?? 'application/octet-stream' });
          form.append('media', blob, input.filename);
          return form;
        },
        withToken: true,
      });
      const mediaId = String(data.media_id ?? '');
      if (!mediaId) throw new WecomApiError('media/upload', 'wecom', 'media/upload returned no media_id', 0);
      return mediaId;
    },

    async listDepartments() {
      const data = await call({
        api: 'department/list',
        method: 'GET',
        path: '/cgi-bin/department/list',
        withToken: true,
      });
      const list = Array.isArray(data.department) ? (data.department as Record<string, unknown>[]) : [];
      return list.map((d) => ({
        id: Number(d.id),
        name: String(d.name ?? ''),
        parentId: Number(d.parentid ?? 0),
      }));
    },

    async listUsers(departmentId) {
      const data = await call({
        api: 'user/list',
        method: 'GET',
        path: '/cgi-bin/user/list',
        query: { department_id: String(departmentId) },
        withToken: true,
      });
      const list = Array.isArray(data.userlist) ? (data.userlist as Record<string, unknown>[]) : [];
      return list.map((u) => ({
        userid: String(u.userid ?? ''),
        name: String(u.name ?? ''),
        departments: Array.isArray(u.department) ? u.department.map(Number) : [],
        position: String(u.position ?? ''),
        status: Number(u.status ?? 1),
      }));
    },

    async userIdFromCode(code) {
      const data = await call({
        api: 'auth/getuserinfo',
        method: 'GET',
        path: '/cgi-bin/auth/getuserinfo',
        query: { code },
        withToken: true,
      });
      const userid = typeof data.userid === 'string' ? data.userid : '';
      return userid === '' ? undefined : userid;
    },

    async sendRobotMarkdown(webhookKey, content) {
      const robot = `robot:${createHash('sha256').update(webhookKey).digest('hex').slice(0, 12)}`;
      for (const part of splitByBytes(content, ROBOT_MARKDOWN_BYTES)) {
        await pace(robots, [robot]);
        await call({
          api: 'webhook/send',
          method: 'POST',
          path: '/cgi-bin/webhook/send',
          query: { key: webhookKey },
          body: () => ({ msgtype: 'markdown', markdown: { content: part } }),
          withToken: false,
        });
      }
    },
  };
}

function toUserList(to: string | readonly string[]): string[] {
  const users = (typeof to === 'string' ? to.split('|') : [...to]).map((u) => u.trim()).filter(Boolean);
  if (users.length === 0) throw new RangeError('a message needs at least one recipient');
  if (users.length > 1000) throw new RangeError('WeCom accepts at most 1000 recipients per message');
  return [...new Set(users)];
}

function splitBar(value: unknown): string[] {
  return typeof value === 'string' && value !== '' ? value.split('|') : [];
}

function merge(into: SendResult, from: SendResult): void {
  into.msgIds.push(...from.msgIds);
  for (const u of from.invalidUsers) if (!into.invalidUsers.includes(u)) into.invalidUsers.push(u);
  for (const u of from.unlicensedUsers) if (!into.unlicensedUsers.includes(u)) into.unlicensedUsers.push(u);
}

/** WeCom's errmsg ends with a hint and a help link; the first words are enough for a log. */
function shortErrmsg(errmsg: unknown): string {
  return typeof errmsg === 'string' ? errmsg.split(',')[0]!.slice(0, 80) : '';
}
