// The self-built app's callback (接收消息, doc 90238): GET verifies the URL, POST carries
// encrypted messages and events, answered with an encrypted passive reply or an empty 200.
import Router from '@koa/router';
import type { ChatHandler, ChatReply, Inbound } from '../chat/types.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { WecomApi } from './api.js';
import type { BodyLimits } from './body.js';
import { createWecomCrypto } from './crypto.js';
import { createDispatcher, type Lane, type Outcome } from './dispatch.js';
import {
  acknowledge,
  answerVerification,
  DEFAULT_BODY_LIMITS,
  openSigned,
  readLimitedBody,
  readSignedQuery,
  refuse,
  tryLater,
} from './guard.js';
import { createInboundStore, type NewInbound } from './inbound-store.js';
import { APP_TEXT_BYTES, byteLength } from './split.js';
import { buildReplyEnvelope, buildTextReply, parseEnvelope, parseMessage } from './xml.js';

export const CALLBACK_PATH = '/wecom/callback';

/** Events after which WeCom shows a passive reply (doc 90241); others get theirs through the API. */
const PASSIVE_EVENTS = new Set([
  'subscribe',
  'enter_agent',
  'LOCATION',
  'click',
  'view',
  'view_miniprogram',
  'scancode_waitmsg',
  'template_card_menu_event',
]);

export interface WecomRouterOptions {
  config: Pick<Config, 'passiveReplyMs' | 'wecom'>;
  db: Db;
  log: Logger;
  handler: ChatHandler;
  api: WecomApi;
  now?: () => number;
  body?: Partial<BodyLimits>;
}

export interface WecomRoutes {
  router: Router;
  /** Resolves once late replies and reply records in progress have settled. */
  idle(): Promise<void>;
}

/** Mounts GET and POST /wecom/callback for the app in config.wecom. */
export function createWecomRouter(options: WecomRouterOptions): WecomRoutes {
  const wecom = options.config.wecom;
  if (!wecom) throw new Error('createWecomRouter needs config.wecom');
  const { log, api } = options;
  const now = options.now ?? Date.now;
  const limits = { ...DEFAULT_BODY_LIMITS, ...options.body };
  const crypto = createWecomCrypto({
    token: wecom.token,
    encodingAesKey: wecom.encodingAesKey,
    receiveId: wecom.corpId,
  });
  const dispatcher = createDispatcher({
    store: createInboundStore(options.db),
    handler: options.handler,
    log,
    passiveReplyMs: options.config.passiveReplyMs,
    now,
  });
  const lane = createAppLane(api);
  const router = new Router();

  router.get(CALLBACK_PATH, (ctx) =>
    answerVerification(ctx, {
      crypto,
      now: now(),
      log,
      route: 'app',
      verified: 'WeCom callback URL verified',
    }),
  );

  router.post(CALLBACK_PATH, async (ctx) => {
    let parsed: ReturnType<typeof parseMessage>;
    let nonce: string;
    try {
      const query = readSignedQuery(ctx.querystring, now());
      const raw = await readLimitedBody(ctx, limits);
      parsed = parseMessage(openSigned(crypto, query, parseEnvelope(raw)));
      nonce = query.nonce;
    } catch (err) {
      refuse(ctx, log, 'app', err);
      return;
    }

    if (parsed.kind === 'unsupported') {
      log.info({ msgType: parsed.msgType }, 'WeCom message of a type this bot does not handle');
      acknowledge(ctx);
      return;
    }
    let outcome: Outcome;
    try {
      outcome = await dispatcher.dispatch(parsed.inbound, toRow(parsed.inbound), lane);
    } catch (err) {
      tryLater(ctx, log, 'app', err);
      return;
    }
    if (outcome.kind === 'busy') {
      tryLater(ctx, log, 'app');
      return;
    }
    if (outcome.kind !== 'reply') {
      acknowledge(ctx);
      return;
    }
    const createTime = Math.floor(now() / 1000);
    const plain = buildTextReply({
      toUser: parsed.inbound.userId,
      fromCorp: wecom.corpId,
      createTime,
      content: outcome.reply.text,
    });
    ctx.status = 200;
    ctx.type = 'application/xml';
    ctx.body = buildReplyEnvelope(crypto.seal(plain, String(createTime), nonce));
  });

  return { router, idle: () => dispatcher.idle() };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Passive replies are one text of at most 2048 bytes; anything else goes through message/send. */
function createAppLane(api: WecomApi): Lane {
  return {
    name: 'app',
    canReplyPassively(reply: ChatReply, inbound: Inbound) {
      if (inbound.kind === 'event' && !PASSIVE_EVENTS.has(inbound.event)) return false;
      // A passive reply carries text only; a spreadsheet follows as a file message.
      return reply.file === undefined && byteLength(reply.text) <= APP_TEXT_BYTES;
    },
    async deliverLate(inbound, reply) {
      if (reply.markdown) await api.sendMarkdown(inbound.userId, reply.markdown);
      else await api.sendText(inbound.userId, reply.text);
      if (reply.file) {
        const mediaId = await api.uploadMedia({
          type: 'file',
          data: reply.file.data,
          filename: reply.file.filename,
          contentType: XLSX_TYPE,
        });
        await api.sendFile(inbound.userId, mediaId);
      }
    },
  };
}

/** MsgId for messages; user, create time and event name for events, which have no MsgId. */
export function toRow(inbound: Inbound): NewInbound {
  if (inbound.kind === 'text') {
    return {
      dedupKey: `app:msg:${inbound.msgId}`,
      fromUser: inbound.userId,
      msgType: 'text',
      content: inbound.text,
      createdAt: inbound.createdAt,
    };
  }
  const seconds = Math.floor(inbound.createdAt.getTime() / 1000);
  return {
    dedupKey: `app:event:${inbound.userId}:${seconds}:${inbound.event}`,
    fromUser: inbound.userId,
    msgType: `event:${inbound.event}`,
    content: inbound.eventKey ?? '',
    createdAt: inbound.createdAt,
  };
}
