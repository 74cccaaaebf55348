// What both callback routes do before a message is trusted: read the query and the body within
// limits, check the timestamp and the signature, and refuse with a reason logged, not shown.
import type { Context } from 'koa';
import type { Logger } from '../logger.js';
import { BodyError, type BodyLimits, readBody } from './body.js';
import { type WecomCrypto, WecomCryptoError } from './crypto.js';
import { WecomXmlError } from './xml.js';

export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 64 * 1024, timeoutMs: 5_000 };

/** WeCom's clock and ours may differ a little; anything further off is a replay or a forgery. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export type RefusalReason =
  | 'missing_params'
  | 'stale_timestamp'
  | 'bad_signature'
  | 'bad_ciphertext'
  | 'wrong_receive_id'
  | 'malformed_body'
  | 'body_too_large'
  | 'body_timeout'
  | 'body_aborted';

/** A callback refused before anything was stored. */
export class Refusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly status = 400,
  ) {
    super(reason);
    this.name = 'Refusal';
  }
}

export interface SignedQuery {
  signature: string;
  timestamp: string;
  nonce: string;
  echostr?: string;
}

/**
 * Reads msg_signature, timestamp, nonce and echostr with decodeURIComponent, which keeps a
 * literal '+' (koa's ctx.query would turn it into a space and break the signature).
 */
export function readSignedQuery(querystring: string, now: number): SignedQuery {
  const values = new Map<string, string>();
  for (const pair of querystring.split('&')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      values.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)));
    } catch {
      throw new Refusal('missing_params');
    }
  }
  const signature = values.get('msg_signature');
  const timestamp = values.get('timestamp');
  const nonce = values.get('nonce');
  if (!signature || !timestamp || !nonce || !/^\d{1,12}$/.test(timestamp))
    throw new Refusal('missing_params');
  if (Math.abs(Number(timestamp) * 1000 - now) > MAX_CLOCK_SKEW_MS) throw new Refusal('stale_timestamp');
  return { signature, timestamp, nonce, echostr: values.get('echostr') };
}

/** Verifies the signature over the ciphertext, then decrypts it; crypto errors become refusals. */
export function openSigned(crypto: WecomCrypto, query: SignedQuery, encrypt: string): string {
  try {
    crypto.verify(query.signature, query.timestamp, query.nonce, encrypt);
    return crypto.decrypt(encrypt);
  } catch (err) {
    throw toRefusal(err);
  }
}

export async function readLimitedBody(ctx: Context, limits: BodyLimits): Promise<string> {
  try {
    return await readBody(ctx.req, limits);
  } catch (err) {
    throw toRefusal(err);
  }
}

export function toRefusal(err: unknown): Refusal | unknown {
  if (err instanceof Refusal) return err;
  if (err instanceof BodyError) return new Refusal(err.reason, err.status);
  if (err instanceof WecomXmlError) return new Refusal('malformed_body');
  if (err instanceof WecomCryptoError) {
    if (err.reason === 'signature') return new Refusal('bad_signature');
    if (err.reason === 'receiveId') return new Refusal('wrong_receive_id');
    return new Refusal('bad_ciphertext');
  }
  return err;
}

/**
 * Answers a refused callback: a bare status text that does not say why, and one warn line
 * that does. Anything that is not a refusal is rethrown for the app's error middleware.
 */
export function refuse(ctx: Context, log: Logger, route: string, err: unknown): void {
  const refusal = toRefusal(err);
  if (!(refusal instanceof Refusal)) throw refusal;
  log.warn({ route, reason: refusal.reason, ip: ctx.ip }, 'WeCom callback refused');
  ctx.status = refusal.status;
  ctx.type = 'text/plain';
  ctx.body = refusal.status === 413 ? 'payload too large' : 'bad request';
  if (refusal.status === 413 || refusal.status === 408) ctx.set('Connection', 'close');
}

/**
 * The message was not taken in (the database is down, or another delivery still has it): any
 * answer but 200 makes WeCom deliver it again, up to three times. `err` is logged by kind only.
 */
export function tryLater(ctx: Context, log: Logger, route: string, err?: unknown): void {
  const e = err as { name?: string; code?: string } | undefined;
  log.warn(
    { route, error: e?.name, code: e?.code },
    'WeCom callback not taken now; WeCom will deliver it again',
  );
  ctx.status = 503;
  ctx.type = 'text/plain';
  ctx.body = 'busy';
}

/** WeCom counts only HTTP 200 as delivered; an unset koa body would be 404, null 204. */
export function acknowledge(ctx: Context): void {
  ctx.status = 200;
  ctx.type = 'text/plain';
  ctx.body = '';
}

/**
 * WeCom's URL verification (GET): checks the signature over `echostr`, decrypts it and
 * answers the bare plaintext; anything wrong is refused like a bad callback.
 */
export function answerVerification(
  ctx: Context,
  options: { crypto: WecomCrypto; now: number; log: Logger; route: string; verified: string },
): void {
  try {
    const query = readSignedQuery(ctx.querystring, options.now);
    if (!query.echostr) throw new Refusal('missing_params');
    ctx.status = 200;
    ctx.type = 'text/plain';
    ctx.body = openSigned(options.crypto, query, query.echostr);
    options.log.info(options.verified);
  } catch (err) {
    refuse(ctx, options.log, options.route, err);
  }
}
