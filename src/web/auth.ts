// Who is asking: every workbench route but the login ones needs a live session, checked on
// the server for each request. POSTs must also carry the session's CSRF token.
import { timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Db } from '../db/client.js';
import { readBody } from '../wecom/body.js';
import { findSession, SESSION_COOKIE, type WebSessionUser } from './session.js';

export interface WebState {
  user: WebSessionUser;
  form?: URLSearchParams;
}

/** Equal strings of any length, compared in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Sends a GET without a session to the login, keeping only the path to come back to. */
export function requireSession(db: Db, now: () => Date) {
  return async (ctx: Context, next: Next) => {
    const token = ctx.cookies.get(SESSION_COOKIE);
    const user = token ? await findSession(db, token, now()) : undefined;
    if (!user) {
      if (ctx.method === 'GET') {
        ctx.redirect(`/web/login?next=${encodeURIComponent(ctx.path)}`);
      } else {
        ctx.status = 401;
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = '登录已失效，请重新打开页面。';
      }
      return;
    }
    (ctx.state as WebState).user = user;
    return next();
  };
}

/** Reads a small urlencoded form and checks its csrf field against the session's token. */
export async function requireCsrf(ctx: Context, next: Next) {
  const text = await readBody(ctx.req, { maxBytes: 8_192, timeoutMs: 5_000 });
  const form = new URLSearchParams(text);
  const state = ctx.state as WebState;
  if (!sameSecret(form.get('csrf') ?? '', state.user.csrfToken)) {
    ctx.status = 403;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = '页面已过期，请刷新后重试。';
    return;
  }
  state.form = form;
  return next();
}

/** A relative workbench path to return to after login; anything else becomes /web/me. */
export function safeNext(value: string | undefined): string {
  return value && /^\/web\/[A-Za-z0-9/_-]*$/.test(value) && !value.startsWith('/web/oauth')
    ? value
    : '/web/me';
}
