// The intelligent bot (智能机器人) in HTTP callback mode (docs 101039, 100719): the app's crypto with
// an empty receive id, JSON instead of XML, and replies as a `stream` WeCom renders as markdown.
// A command that misses the passive window answers "finish: false"; WeCom then calls back with
// msgtype `stream` until a reply with finish=true, which this route serves from InboundMessage.
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { ChatHandler, ChatReply, Inbound } from '../chat/types.js';
import type { AibotConfig } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { BodyLimits } from './body.js';
import { createWecomCrypto, type WecomCrypto } from './crypto.js';
import { createDispatcher, type Lane, type Outcome } from './dispatch.js';
import {
  acknowledge,
  answerVerification,
  DEFAULT_BODY_LIMITS,
  openSigned,
  Refusal,
  readLimitedBody,
  readSignedQuery,
  refuse,
  tryLater,
} from './guard.js';
import { createInboundStore, type InboundStore, type NewInbound } from './inbound-store.js';
import { byteLength } from './split.js';

export const AIBOT_PATH = '/wecom/aibot';

/** Stream content is cumulative markdown of at most 20480 bytes (doc 101031). */
const STREAM_BYTES = 20480;
const STILL_WORKING = '正在处理，请稍候…';
const NO_REPLY = '（没有可回复的内容）';

const bodySchema = z.object({ encrypt: z.string().min(1) });

const fromSchema = z.object({ userid: z.string().min(1) });
const messageSchema = z.discriminatedUnion('msgtype', [
  z.object({
    msgtype: z.literal('text'),
    msgid: z.string().min(1),
    chattype: z.string().optional(),
    from: fromSchema,
    text: z.object({ content: z.string() }),
  }),
  // Voice arrives already turned into text.
  z.object({
    msgtype: z.literal('voice'),
    msgid: z.string().min(1),
    chattype: z.string().optional(),
    from: fromSchema,
    voice: z.object({ content: z.string() }),
  }),
  z.object({
    msgtype: z.literal('event'),
    msgid: z.string().optional(),
    create_time: z.coerce.number().optional(),
    from: fromSchema,
    event: z.object({ eventtype: z.string().min(1) }),
  }),
  z.object({ msgtype: z.literal('stream'), stream: z.object({ id: z.string().min(1) }) }),
]);

type AibotMessage = z.infer<typeof messageSchema>;

export interface AibotRouterOptions {
  aibot: AibotConfig;
  passiveReplyMs: number;
  db: Db;
  log: Logger;
  handler: ChatHandler;
  now?: () => number;
  body?: Partial<BodyLimits>;
}

/** Mounts GET and POST /wecom/aibot for the intelligent bot's HTTP callback mode. */
export function createAibotRouter(options: AibotRouterOptions): { router: Router; idle(): Promise<void> } {
  const { log } = options;
  const now = options.now ?? Date.now;
  const limits = { ...DEFAULT_BODY_LIMITS, ...options.body };
  const crypto = createWecomCrypto({ ...options.aibot, receiveId: '' });
  const store = createInboundStore(options.db);
  const dispatcher = createDispatcher({
    store,
    handler: options.handler,
    log,
    passiveReplyMs: options.passiveReplyMs,
    now,
  });
  // No deliverLate: a late reply is stored and collected by WeCom's stream refresh.
  const lane: Lane = { name: 'aibot', canReplyPassively: () => true, storedForm: streamContent };
  const router = new Router();

  router.get(AIBOT_PATH, (ctx) =>
    answerVerification(ctx, {
      crypto,
      now: now(),
      log,
      route: 'aibot',
      verified: 'WeCom intelligent bot URL verified',
    }),
  );

  router.post(AIBOT_PATH, async (ctx) => {
    let message: AibotMessage | undefined;
    let query: ReturnType<typeof readSignedQuery>;
    try {
      query = readSignedQuery(ctx.querystring, now());
      const raw = await readLimitedBody(ctx, limits);
      const plain = openSigned(crypto, query, readEncrypt(raw));
      message = readMessage(plain);
    } catch (err) {
      refuse(ctx, log, 'aibot', err);
      return;
    }
    if (!message) {
      acknowledge(ctx);
      return;
    }

    const reply = (payload: Record<string, unknown>) => sealReply(ctx, crypto, payload, query.nonce, now);
    if (message.msgtype === 'stream') {
      const payload = await refreshStream(store, message.stream.id);
      if (payload) reply(payload);
      else acknowledge(ctx);
      return;
    }
    const inbound = toInbound(message, now());
    let outcome: Outcome;
    try {
      outcome = await dispatcher.dispatch(inbound, toAibotRow(inbound, message), lane);
    } catch (err) {
      tryLater(ctx, log, 'aibot', err);
      return;
    }
    if (outcome.kind === 'busy') {
      tryLater(ctx, log, 'aibot');
      return;
    }
    const payload = toPayload(outcome, inbound);
    if (payload) reply(payload);
    else acknowledge(ctx);
  });

  return { router, idle: () => dispatcher.idle() };
}

function readEncrypt(raw: string): string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new Refusal('malformed_body');
  }
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) throw new Refusal('malformed_body');
  return parsed.data.encrypt;
}

/** The decrypted JSON, or undefined for a type the bot does not answer (image, file, mixed…). */
function readMessage(plain: string): AibotMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(plain);
  } catch {
    throw new Refusal('malformed_body');
  }
  const parsed = messageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const known = z.object({ msgtype: z.string() }).safeParse(json);
  if (known.success && !['text', 'voice', 'event', 'stream'].includes(known.data.msgtype)) return undefined;
  throw new Refusal('malformed_body');
}

function toInbound(message: Exclude<AibotMessage, { msgtype: 'stream' }>, now: number): Inbound {
  if (message.msgtype === 'event') {
    const seconds = message.create_time ?? Math.floor(now / 1000);
    return {
      kind: 'event',
      userId: message.from.userid,
      event: message.event.eventtype,
      createdAt: new Date(seconds * 1000),
    };
  }
  const content = message.msgtype === 'text' ? message.text.content : message.voice.content;
  // In a group the bot is addressed as "@name …"; the command starts after the mention.
  const text = message.chattype === 'group' ? content.replace(/^\s*@\S+\s*/, '') : content;
  return { kind: 'text', userId: message.from.userid, text, msgId: message.msgid, createdAt: new Date(now) };
}

function toAibotRow(inbound: Inbound, message: AibotMessage): NewInbound {
  const base = { fromUser: inbound.userId, createdAt: inbound.createdAt };
  if (inbound.kind === 'text') {
    return {
      ...base,
      dedupKey: `aibot:msg:${inbound.msgId}`,
      msgType: message.msgtype,
      content: inbound.text,
    };
  }
  const seconds = Math.floor(inbound.createdAt.getTime() / 1000);
  const key =
    'msgid' in message && message.msgid ? message.msgid : `${inbound.userId}:${seconds}:${inbound.event}`;
  return { ...base, dedupKey: `aibot:event:${key}`, msgType: `event:${inbound.event}`, content: '' };
}

function streamId(id: bigint): string {
  return `gat-${id}`;
}

function toPayload(
  outcome: Exclude<Outcome, { kind: 'busy' }>,
  inbound: Inbound,
): Record<string, unknown> | undefined {
  if (outcome.kind === 'done') return undefined;
  // enter_chat takes a welcome as text; messages take a stream.
  if (inbound.kind === 'event') {
    return outcome.kind === 'reply' ? { msgtype: 'text', text: { content: outcome.reply.text } } : undefined;
  }
  if (outcome.kind === 'pending') {
    return { msgtype: 'stream', stream: { id: streamId(outcome.id), finish: false, content: STILL_WORKING } };
  }
  return {
    msgtype: 'stream',
    stream: { id: streamId(outcome.id), finish: true, content: streamContent(outcome.reply) },
  };
}

/** A stream carries text only: a spreadsheet has to come through the app. */
export const AIBOT_NO_FILES =
  '（机器人会话不能发送文件。请在“关爱通”应用中发送同样的消息，表格会以文件发给您。）';

/** WeCom asks again for a stream it was told is unfinished; answer from the stored reply. */
async function refreshStream(store: InboundStore, id: string): Promise<Record<string, unknown> | undefined> {
  const match = /^gat-(\d{1,19})$/.exec(id);
  if (!match) return undefined;
  const state = await store.read(BigInt(match[1] as string));
  if (!state) return undefined;
  const finished = state.status !== 'received';
  const content = finished ? state.reply || NO_REPLY : STILL_WORKING;
  return { msgtype: 'stream', stream: { id, finish: finished, content: clip(content) } };
}

function streamContent(reply: ChatReply): string {
  const text = reply.markdown ?? reply.text;
  return clip(reply.file ? `${text}\n${AIBOT_NO_FILES}` : text);
}

function clip(text: string): string {
  if (byteLength(text) <= STREAM_BYTES) return text;
  return Buffer.from(text, 'utf8')
    .subarray(0, STREAM_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

/** The passive reply: JSON with the callback's own nonce, as the doc requires. */
function sealReply(
  ctx: Context,
  crypto: WecomCrypto,
  payload: Record<string, unknown>,
  nonce: string,
  now: () => number,
): void {
  const timestamp = Math.floor(now() / 1000);
  const sealed = crypto.seal(JSON.stringify(payload), String(timestamp), nonce);
  ctx.status = 200;
  // The official plugin answers with text/plain; WeCom reads the body as JSON either way.
  ctx.type = 'text/plain';
  ctx.body = JSON.stringify({ encrypt: sealed.encrypt, msgsignature: sealed.signature, timestamp, nonce });
}
