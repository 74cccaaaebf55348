// XML on the WeCom wire: the encrypted envelope, the decrypted message, and passive replies.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { Inbound } from '../chat/types.js';
import type { SealedMessage } from './crypto.js';

export class WecomXmlError extends Error {
  readonly code = -40002;

  constructor(message: string) {
    super(message);
    this.name = 'WecomXmlError';
  }
}

// WeCom never sends a DOCTYPE; refusing one up front rules out entity expansion of any kind.
const DOCTYPE = /<!(DOCTYPE|ENTITY)/i;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
  trimValues: false,
});

/** Parses a well-formed XML document with a root <xml> into its child elements as strings. */
export function parseXmlDocument(raw: string): Record<string, unknown> {
  if (DOCTYPE.test(raw)) throw new WecomXmlError('DOCTYPE or ENTITY declarations are refused');
  const flat = readFlatXml(raw);
  if (flat) return flat;
  if (XMLValidator.validate(raw) !== true) throw new WecomXmlError('XML is not well-formed');
  let doc: unknown;
  try {
    doc = parser.parse(raw);
  } catch (err) {
    throw new WecomXmlError(`XML could not be parsed: ${(err as Error).message}`);
  }
  const root = (doc as { xml?: unknown }).xml;
  if (typeof root !== 'object' || root === null) throw new WecomXmlError('no <xml> root element');
  return root as Record<string, unknown>;
}

const FLAT_HEAD = /^\s*(?:<\?xml[^<>?]*\?>\s*)?<xml>/;
// One element holding a single CDATA section (without ]]> inside) or text without markup.
const FLAT_ELEMENT = /\s*<([A-Za-z_][\w.-]*)>(?:<!\[CDATA\[((?:[^\]]|\](?!\]>))*)\]\]>|([^<&]*))<\/\1>/y;
const FLAT_TAIL = /\s*<\/xml>\s*$/y;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The fast path for the flat documents WeCom sends almost always (the envelope, text messages,
 * most events): a strict subset of XML read without a general parser. Anything else (nesting,
 * entities, repeated or odd names, split CDATA) returns undefined and takes the validating parser.
 */
export function readFlatXml(raw: string): Record<string, string> | undefined {
  const head = FLAT_HEAD.exec(raw);
  if (!head) return undefined;
  const fields: Record<string, string> = {};
  let at = head[0].length;
  for (;;) {
    FLAT_ELEMENT.lastIndex = at;
    const element = FLAT_ELEMENT.exec(raw);
    if (!element) break;
    const name = element[1] as string;
    if (RESERVED.has(name) || Object.hasOwn(fields, name)) return undefined;
    fields[name] = element[2] ?? element[3] ?? '';
    at = FLAT_ELEMENT.lastIndex;
  }
  FLAT_TAIL.lastIndex = at;
  return FLAT_TAIL.test(raw) ? fields : undefined;
}

const envelopeSchema = z.object({ Encrypt: z.string().min(1) });

/** Reads the Encrypt text of a callback body, exactly as sent. */
export function parseEnvelope(raw: string): string {
  const parsed = envelopeSchema.safeParse(parseXmlDocument(raw));
  if (!parsed.success) throw new WecomXmlError('envelope has no Encrypt element');
  return parsed.data.Encrypt;
}

const digits = z.string().regex(/^\d{1,20}$/);

const textSchema = z.object({
  MsgType: z.literal('text'),
  FromUserName: z.string().min(1),
  CreateTime: digits,
  Content: z.string(),
  MsgId: digits,
});

const eventSchema = z.object({
  MsgType: z.literal('event'),
  FromUserName: z.string().min(1),
  CreateTime: digits,
  Event: z.string().min(1),
  EventKey: z.string().optional(),
});

const otherSchema = z.object({ MsgType: z.string().min(1), FromUserName: z.string().min(1) });

/** A decrypted callback: a message for the command layer, or a type this bot does not handle. */
export type ParsedMessage = { kind: 'inbound'; inbound: Inbound } | { kind: 'unsupported'; msgType: string };

/** Turns decrypted message XML into the command layer's Inbound. */
export function parseMessage(raw: string): ParsedMessage {
  const fields = parseXmlDocument(raw);
  const text = textSchema.safeParse(fields);
  if (text.success) {
    const m = text.data;
    return {
      kind: 'inbound',
      inbound: {
        kind: 'text',
        userId: m.FromUserName,
        text: m.Content,
        msgId: m.MsgId,
        createdAt: fromSeconds(m.CreateTime),
      },
    };
  }
  const event = eventSchema.safeParse(fields);
  if (event.success) {
    const m = event.data;
    return {
      kind: 'inbound',
      inbound: {
        kind: 'event',
        userId: m.FromUserName,
        event: m.Event,
        eventKey: m.EventKey || undefined,
        createdAt: fromSeconds(m.CreateTime),
      },
    };
  }
  const other = otherSchema.safeParse(fields);
  if (other.success && other.data.MsgType !== 'text' && other.data.MsgType !== 'event') {
    return { kind: 'unsupported', msgType: other.data.MsgType };
  }
  throw new WecomXmlError('message lacks required elements');
}

function fromSeconds(value: string): Date {
  return new Date(Number(value) * 1000);
}

/** Wraps a value in CDATA, splitting any `]]>` so it cannot close the section early. */
export function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export interface TextReplyFields {
  toUser: string;
  fromCorp: string;
  createTime: number;
  content: string;
}

/** The plaintext XML of a passive text reply (doc 90241). */
export function buildTextReply(f: TextReplyFields): string {
  return (
    `<xml><ToUserName>${cdata(f.toUser)}</ToUserName><FromUserName>${cdata(f.fromCorp)}</FromUserName>` +
    `<CreateTime>${f.createTime}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(f.content)}</Content></xml>`
  );
}

/** The encrypted envelope returned as the HTTP body of a passive reply. */
export function buildReplyEnvelope(sealed: SealedMessage): string {
  return (
    `<xml><Encrypt>${cdata(sealed.encrypt)}</Encrypt><MsgSignature>${cdata(sealed.signature)}</MsgSignature>` +
    `<TimeStamp>${sealed.timestamp}</TimeStamp><Nonce>${cdata(sealed.nonce)}</Nonce></xml>`
  );
}

const replyEnvelopeSchema = z.object({
  Encrypt: z.string().min(1),
  MsgSignature: z.string().min(1),
  TimeStamp: z.string().min(1),
  Nonce: z.string().min(1),
});

/** Reads a passive reply envelope, as WeCom (or a test, or the dev console) does. */
export function parseReplyEnvelope(raw: string): SealedMessage {
  const parsed = replyEnvelopeSchema.safeParse(parseXmlDocument(raw));
  if (!parsed.success) throw new WecomXmlError('reply envelope is incomplete');
  const e = parsed.data;
  return { encrypt: e.Encrypt, signature: e.MsgSignature, timestamp: e.TimeStamp, nonce: e.Nonce };
}
