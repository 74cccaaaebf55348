// WeCom's side of a callback: builds encrypted, signed deliveries and opens passive replies.
// Used by tests, the dev console and the benchmark to talk to the bot as WeCom would.
import { randomBytes } from 'node:crypto';
import { createWecomCrypto, type WecomCrypto } from '../crypto.js';
import { cdata, parseReplyEnvelope, parseXmlDocument } from '../xml.js';

export interface CallbackSenderOptions {
  token: string;
  encodingAesKey: string;
  corpId: string;
  agentId: number;
  now?: () => number;
}

export interface Delivery {
  /** The query string, without '?': msg_signature, timestamp, nonce (and echostr for GET). */
  query: string;
  body: string;
}

export interface TextInput {
  user: string;
  text: string;
  msgId: string;
  createTime?: number;
}

export interface EventInput {
  user: string;
  event: string;
  eventKey?: string;
  createTime?: number;
}

export interface CallbackSender {
  crypto: WecomCrypto;
  textXml(input: TextInput): string;
  eventXml(input: EventInput): string;
  /** Encrypts and signs a plaintext message the way WeCom POSTs it. */
  deliver(plain: string, at?: { timestamp?: string; nonce?: string }): Delivery;
  /** The GET query WeCom sends to verify the URL, and the plaintext it expects back. */
  verification(): { query: string; expected: string };
  /** Verifies and decrypts a passive reply body; returns its text content. */
  openReply(body: string): { content: string; toUser: string; xml: string };
}

export function createCallbackSender(options: CallbackSenderOptions): CallbackSender {
  const now = options.now ?? Date.now;
  const crypto = createWecomCrypto({
    token: options.token,
    encodingAesKey: options.encodingAesKey,
    receiveId: options.corpId,
  });
  const seconds = () => Math.floor(now() / 1000);
  const head = (user: string, createTime: number | undefined) =>
    `<ToUserName>${cdata(options.corpId)}</ToUserName><FromUserName>${cdata(user)}</FromUserName>` +
    `<CreateTime>${createTime ?? seconds()}</CreateTime>`;

  return {
    crypto,
    textXml: (m) =>
      `<xml>${head(m.user, m.createTime)}<MsgType>${cdata('text')}</MsgType>` +
      `<Content>${cdata(m.text)}</Content><MsgId>${m.msgId}</MsgId><AgentID>${options.agentId}</AgentID></xml>`,
    eventXml: (m) =>
      `<xml>${head(m.user, m.createTime)}<MsgType>${cdata('event')}</MsgType><Event>${cdata(m.event)}</Event>` +
      `<EventKey>${cdata(m.eventKey ?? '')}</EventKey><AgentID>${options.agentId}</AgentID></xml>`,

    deliver(plain, at = {}) {
      const timestamp = at.timestamp ?? String(seconds());
      const nonce = at.nonce ?? randomNonce();
      const sealed = crypto.seal(plain, timestamp, nonce);
      const body =
        `<xml><ToUserName>${cdata(options.corpId)}</ToUserName><Encrypt>${cdata(sealed.encrypt)}</Encrypt>` +
        `<AgentID>${cdata(String(options.agentId))}</AgentID></xml>`;
      return { query: signedQuery(sealed.signature, timestamp, nonce), body };
    },

    verification() {
      const expected = String(BigInt.asUintN(63, randomBytes(8).readBigUInt64BE()));
      const timestamp = String(seconds());
      const nonce = randomNonce();
      const sealed = crypto.seal(expected, timestamp, nonce);
      const query = `${signedQuery(sealed.signature, timestamp, nonce)}&echostr=${encodeURIComponent(sealed.encrypt)}`;
      return { query, expected };
    },

    openReply(body) {
      const envelope = parseReplyEnvelope(body);
      crypto.verify(envelope.signature, envelope.timestamp, envelope.nonce, envelope.encrypt);
      const xml = crypto.decrypt(envelope.encrypt);
      const fields = parseXmlDocument(xml);
      return { content: String(fields.Content ?? ''), toUser: String(fields.ToUserName ?? ''), xml };
    },
  };
}

export interface AibotSenderOptions {
  token: string;
  encodingAesKey: string;
  now?: () => number;
}

export interface StreamReply {
  msgtype: string;
  stream?: { id: string; finish: boolean; content?: string };
  text?: { content: string };
}

/** WeCom's side of the intelligent bot's HTTP callback: JSON over the same crypto, receive id ''. */
export interface AibotSender {
  crypto: WecomCrypto;
  deliver(message: Record<string, unknown>, at?: { timestamp?: string; nonce?: string }): Delivery;
  openReply(body: string, nonce: string): StreamReply;
}

export function createAibotSender(options: AibotSenderOptions): AibotSender {
  const now = options.now ?? Date.now;
  const crypto = createWecomCrypto({
    token: options.token,
    encodingAesKey: options.encodingAesKey,
    receiveId: '',
  });
  return {
    crypto,
    deliver(message, at = {}) {
      const timestamp = at.timestamp ?? String(Math.floor(now() / 1000));
      const nonce = at.nonce ?? randomNonce();
      const sealed = crypto.seal(JSON.stringify(message), timestamp, nonce);
      return {
        query: signedQuery(sealed.signature, timestamp, nonce),
        body: JSON.stringify({ encrypt: sealed.encrypt }),
      };
    },
    openReply(body, nonce) {
      const parsed = JSON.parse(body) as {
        encrypt: string;
        msgsignature: string;
        timestamp: number;
        nonce: string;
      };
      if (parsed.nonce !== nonce) throw new Error('the reply must carry the callback nonce');
      crypto.verify(parsed.msgsignature, String(parsed.timestamp), parsed.nonce, parsed.encrypt);
      return JSON.parse(crypto.decrypt(parsed.encrypt)) as StreamReply;
    },
  };
}

function signedQuery(signature: string, timestamp: string, nonce: string): string {
  return `msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
}

function randomNonce(): string {
  return String(randomBytes(4).readUInt32BE());
}
