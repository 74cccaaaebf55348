// The workbench routes (/web/...): login, my work, the child's file, the overview and its
// drill-downs, static assets. Every page but the login needs a session, and every query is
// limited to the person's scope on the server.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { writeAudit } from '../casework/audit.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { toLocalDate } from '../policy/index.js';
import type { WecomApi } from '../wecom/api.js';
import { requireCsrf, requireSession, type WebState } from './auth.js';
import { loadChildFile } from './child-data.js';
import { childFileBody, REVEAL_ROLES } from './child-page.js';
import { drillBody, paidBody } from './drill-page.js';
import { messagePage, page } from './layout.js';
import { myWorkBody, parseSort } from './my-work.js';
import { addLoginRoutes } from './oauth.js';
import { createCountCache, OVERVIEW_MAX_AGE_MS } from './overview-cache.js';
import { parseDrillDown } from './overview-data.js';
import { overviewFrame } from './overview-facts.js';
import { countScope, overviewBody } from './overview-page.js';

export interface WebDeps {
  db: Db;
  log: Logger;
  now?: () => Date;
  /** absent when WeCom is not configured: the pages exist but nobody can log in */
  wecom?: { corpId: string; agentId: number; api: WecomApi };
  oauthBase: string;
  publicBaseUrl?: string;
  /** how long the overview's counts are served before being counted again (default a minute) */
  overviewMaxAgeMs?: number;
}

const require = createRequire(import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  'app.css': { file: path.join(import.meta.dirname, 'assets', 'app.css'), type: 'text/css' },
  'overview.js': { file: path.join(import.meta.dirname, 'assets', 'overview.js'), type: 'text/javascript' },
  'file.js': { file: path.join(import.meta.dirname, 'assets', 'file.js'), type: 'text/javascript' },
  // The package exports only its ES module; the UMD build sits beside its CommonJS entry.
  'chart.js': {
    file: path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
    type: 'text/javascript',
  },
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** One info line per workbench request: who, which route, status, time. Never a name or number. */
function logRequests(log: Logger) {
  return async (ctx: Context, next: Next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      log.info(
        {
          user: (ctx.state as Partial<WebState>).user?.userid,
          method: ctx.method,
          route: (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched',
          status: ctx.status,
          ms: Math.round(performance.now() - started),
        },
        'web request',
      );
    }
  };
}

function send(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}

const NOT_FOUND = '没有找到这名儿童，或者这名儿童不在您的范围内。';

/** Anyone with the district's scope: the cache key and the query depend on the role alone. */
const DISTRICT_SCOPE = {
  id: 0,
  userid: '',
  name: '',
  role: 'district',
  streetId: null,
  communityId: null,
} as const;

export interface Workbench {
  router: Router;
  /** Counts the district's overview once (e.g. at start-up), so that the first visitor does not wait. */
  warmOverview(): Promise<void>;
}

export function createWebRouter(deps: WebDeps): Router {
  return createWorkbench(deps).router;
}

export function createWorkbench(deps: WebDeps): Workbench {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const today = () => toLocalDate(now());
  const router = new Router();
  const session = requireSession(db, now);
  const cache = new Map<string, Buffer>();
  const counts = createCountCache({
    maxAgeMs: deps.overviewMaxAgeMs ?? OVERVIEW_MAX_AGE_MS,
    now,
    log: deps.log,
  });

  router.use(logRequests(deps.log));
  // Served as https:// to the world: the session cookie is Secure even when a reverse proxy
  // forgets X-Forwarded-Proto.
  const publicHttps = deps.publicBaseUrl?.startsWith('https://') === true;
  router.use(async (ctx, next) => {
    if (publicHttps) ctx.cookies.secure = true;
    ctx.set('Content-Security-Policy', CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    await next();
  });

  router.get('/web/assets/:name', (ctx) => {
    const name = ctx.params.name ?? '';
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return;
    let data = cache.get(asset.file);
    if (!data) {
      data = readFileSync(asset.file);
      cache.set(asset.file, data);
    }
    ctx.type = `${asset.type}; charset=utf-8`;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = data;
  });

  addLoginRoutes(router, {
    db,
    log: deps.log,
    now,
    wecom: deps.wecom,
    oauthBase: deps.oauthBase,
    publicBaseUrl: deps.publicBaseUrl,
  });

  router.get('/web', (ctx) => ctx.redirect('/web/me'));

  router.get('/web/me', session, async (ctx) => {
    const { user } = ctx.state as WebState;
    const body = await myWorkBody(db, user, today(), parseSort(ctx.query.sort));
    send(ctx, 200, page({ title: '我的待办', user, body }));
  });

  const childId = (ctx: Context) => (/^\d{1,9}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : 0);

  router.get('/web/child/:id', session, async (ctx) => {
    const { user } = ctx.state as WebState;
    const file = await loadChildFile(db, user, childId(ctx));
    if (!file) return send(ctx, 404, messagePage('没有找到', NOT_FOUND, user));
    const body = await childFileBody(db, file, { user, today: today(), revealed: false });
    send(ctx, 200, page({ title: `${file.name} · 一人一档`, user, body, scripts: ['file.js'] }));
  });

  router.post('/web/child/:id/reveal', session, requireCsrf, async (ctx) => {
    const { user } = ctx.state as WebState;
    if (!REVEAL_ROLES.has(user.role)) {
      deps.log.warn({ user: user.userid, route: 'reveal' }, 'reveal refused for this role');
      return send(
        ctx,
        403,
        messagePage(
          '不能查看',
          '儿童主任只能查看部分身份证号和电话。如需完整信息，请联系督导员或街道民政专干。',
          user,
        ),
      );
    }
    const file = await loadChildFile(db, user, childId(ctx));
    if (!file) return send(ctx, 404, messagePage('没有找到', NOT_FOUND, user));
    await writeAudit(db, {
      actorId: user.id,
      via: 'web',
      action: 'reveal_personal_data',
      entity: 'Child',
      entityId: file.id,
      after: { fields: ['idNumber', 'guardianPhones'] },
    });
    const body = await childFileBody(db, file, { user, today: today(), revealed: true });
    send(ctx, 200, page({ title: `${file.name} · 一人一档`, user, body, scripts: ['file.js'] }));
  });

  const names = async () =>
    new Map((await db.staff.findMany({ select: { id: true, name: true } })).map((s) => [s.id, s.name]));

  router.get('/web/overview', session, async (ctx) => {
    const { user } = ctx.state as WebState;
    const body = await overviewBody(db, user, overviewFrame(today()), await names(), counts);
    const title =
      user.role === 'district' ? '全区概览' : user.role === 'director' ? '我的儿童概览' : '街道概览';
    send(ctx, 200, page({ title, user, body, scripts: ['chart.js', 'overview.js'] }));
  });

  router.get('/web/overview/children', session, async (ctx) => {
    const { user } = ctx.state as WebState;
    const drill = parseDrillDown(ctx.query);
    if (!drill)
      return send(ctx, 400, messagePage('链接有误', '这个链接的参数不对，请从概览页面重新点击数字。', user));
    const { title, body } = await drillBody(db, user, overviewFrame(today()), drill);
    send(ctx, 200, page({ title, user, body }));
  });

  router.get('/web/overview/paid', session, async (ctx) => {
    const { user } = ctx.state as WebState;
    const street =
      typeof ctx.query.street === 'string' && /^\d{1,9}$/.test(ctx.query.street)
        ? Number(ctx.query.street)
        : undefined;
    const month =
      typeof ctx.query.month === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(ctx.query.month)
        ? ctx.query.month
        : undefined;
    if (street === undefined || month === undefined) {
      return send(ctx, 400, messagePage('链接有误', '这个链接的参数不对，请从概览页面重新点击。', user));
    }
    const body = await paidBody(db, user, street, month);
    send(ctx, 200, page({ title: `${month} 补贴发放名单`, user, body }));
  });

  const warmOverview = () =>
    countScope(db, DISTRICT_SCOPE, overviewFrame(today()), counts).then(
      () => undefined,
      (err) => deps.log.error({ err }, 'overview warm-up failed'),
    );
  return { router, warmOverview };
}
