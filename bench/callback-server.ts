// Child process of bench/callback.ts: the bot's koa app with the WeCom callback route (echo
// command, real PostgreSQL in DATABASE_URL) and a bare koa "hello" app, each on its own port.
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createEchoHandler } from '../src/chat/echo.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/server/app.js';
import { createWecomApi } from '../src/wecom/api.js';
import { createWecomRouter } from '../src/wecom/callback.js';

const config = loadConfig(process.env);
if (!config.wecom || !config.databaseUrl) throw new Error('bench server needs WECOM_* and DATABASE_URL');
const log = createLogger(process.env.LOG_LEVEL ?? 'warn', false);
const db = createDb(config.databaseUrl, Number(process.env.BENCH_POOL ?? 10));
const api = createWecomApi({ wecom: config.wecom, log });
const routes = createWecomRouter({ config, db, log, handler: createEchoHandler(), api });

const bot = createApp({ db, log, routers: [routes.router] }).listen(0, '127.0.0.1');
const bare = new Koa();
bare.use((ctx) => {
  ctx.body = 'hello';
});
const hello = bare.listen(0, '127.0.0.1');

await Promise.all([bot, hello].map((s) => new Promise((resolve) => s.once('listening', resolve))));
process.send?.({
  callback: (bot.address() as AddressInfo).port,
  bare: (hello.address() as AddressInfo).port,
});
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await routes.idle();
  bot.close();
  hello.close();
  await db.$disconnect();
  process.exit(0);
});
