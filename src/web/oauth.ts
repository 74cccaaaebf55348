// WeCom web login (OAuth2, snsapi_base): /web/login sends the browser to WeCom's authorize
// page with a random state kept in a cookie; WeCom comes back to /web/oauth/callback with a
// single-use code, which the server turns into a userid through /cgi-bin/auth/getuserinfo.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { NOT_REGISTERED } from '../chat/router.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { type WecomApi, WecomApiError } from '../wecom/api.js';
import { requireCsrf, requireSession, safeNext, sameSecret, type WebState } from './auth.js';
import { messagePage } from './layout.js';
import {
  clearCookie,
  cookieOptions,
  createSession,
  endSession,
  randomToken,
  SESSION_COOKIE,
  setSessionCookie,
} from './session.js';

const STATE_COOKIE = 'gat_oauth';
const STATE_MS = 10 * 60_000;

export interface OAuthDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  /** absent when WeCom is not configured: nobody can log in */
  wecom?: { corpId: string; agentId: number; api: WecomApi };
  oauthBase: string;
  publicBaseUrl?: string;
}

function answer(ctx: Context, status: number, title: string, message: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = messagePage(title, message);
}

export function addLoginRoutes(router: Router, deps: OAuthDeps): void {
  router.get('/web/login', (ctx) => {
    if (!deps.wecom) {
      answer(ctx, 503, '无法登录', '企业微信尚未配置，网页工作台暂时不能登录。请联系管理员。');
      return;
    }
    const state = randomToken();
    const next = safeNext(typeof ctx.query.next === 'string' ? ctx.query.next : undefined);
    ctx.cookies.set(STATE_COOKIE, `${state}|${next}`, cookieOptions(ctx, STATE_MS));
    const base = deps.publicBaseUrl ?? `${ctx.protocol}://${ctx.host}`;
    const params = new URLSearchParams({
      appid: deps.wecom.corpId,
      redirect_uri: `${base}/web/oauth/callback`,
      response_type: 'code',
      scope: 'snsapi_base',
      state,
      agentid: String(deps.wecom.agentId),
    });
    ctx.redirect(`${deps.oauthBase}/connect/oauth2/authorize?${params}#wechat_redirect`);
  });

  router.get('/web/oauth/callback', async (ctx) => {
    const [state, next] = (ctx.cookies.get(STATE_COOKIE) ?? '').split('|');
    clearCookie(ctx, STATE_COOKIE);
    const given = typeof ctx.query.state === 'string' ? ctx.query.state : '';
    const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
    if (!deps.wecom || !state || !sameSecret(given, state)) {
      deps.log.warn({ route: 'oauth callback', reason: 'state' }, 'web login refused');
      answer(ctx, 400, '登录失败', '登录链接已失效，请回到企业微信重新打开工作台。');
      return;
    }
    if (!/^[\w-]{1,128}$/.test(code)) {
      answer(ctx, 400, '登录失败', '企业微信没有给出登录码，请重新打开工作台。');
      return;
    }

    let userid: string | undefined;
    try {
      userid = await deps.wecom.api.userIdFromCode(code);
    } catch (err) {
      if (err instanceof WecomApiError && err.errcode === 40029) {
        deps.log.warn({ route: 'oauth callback', reason: 'code' }, 'web login refused');
        answer(
          ctx,
          400,
          '登录失败',
          '登录码无效或已过期（每个登录码只能用一次，5分钟内有效），请重新打开工作台。',
        );
        return;
      }
      deps.log.error({ err }, 'web login: getuserinfo failed');
      answer(ctx, 502, '登录失败', '暂时无法连接企业微信，请稍后再试。');
      return;
    }
    const staff = userid ? await deps.db.staff.findUnique({ where: { userid } }) : null;
    if (!staff?.active) {
      deps.log.warn({ route: 'oauth callback', reason: 'not staff' }, 'web login refused');
      answer(ctx, 403, '不能使用', NOT_REGISTERED);
      return;
    }

    setSessionCookie(ctx, await createSession(deps.db, staff.id, deps.now()));
    deps.log.info({ user: staff.userid }, 'web login');
    ctx.redirect(safeNext(next));
  });

  router.post('/web/logout', requireSession(deps.db, deps.now), requireCsrf, async (ctx) => {
    const token = ctx.cookies.get(SESSION_COOKIE);
    if (token) await endSession(deps.db, token, deps.now());
    clearCookie(ctx, SESSION_COOKIE);
    deps.log.info({ user: (ctx.state as WebState).user.userid }, 'web logout');
    answer(ctx, 200, '已退出', '您已退出关爱通网页工作台。');
  });
}
