import Router from '@koa/router';
import Koa from 'koa';
import { type Db, isDatabaseReachable } from '../db/client.js';
import type { Logger } from '../logger.js';

export interface AppDeps {
  db: Db;
  log: Logger;
  /** Further routes (the WeCom callback, pages) mounted after the health check. */
  routers?: Router[];
}

/** Builds the koa app without listening, so tests can drive it over real HTTP. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = true;
  app.silent = true;

  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      const expose = (err as { expose?: boolean }).expose === true;
      if (status >= 500) deps.log.error({ err, path: ctx.path, method: ctx.method }, 'request failed');
      ctx.status = status;
      ctx.type = 'text/plain';
      ctx.body = expose ? (err as Error).message : status >= 500 ? 'internal error' : 'bad request';
    }
  });

  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const database = await isDatabaseReachable(deps.db);
    ctx.status = database ? 200 : 503;
    ctx.body = { status: database ? 'ok' : 'unavailable', database: database ? 'up' : 'down' };
  });
  app.use(router.routes()).use(router.allowedMethods());

  for (const extra of deps.routers ?? []) app.use(extra.routes()).use(extra.allowedMethods());
  return app;
}
