import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import type Router from '@koa/router';
import { recoverInbound } from './chat/recover.js';
import { createChatHandler } from './chat/router.js';
import type { ChatHandler } from './chat/types.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { Db } from './db/client.js';
import { type OpenDatabase, openDatabase } from './db/database.js';
import { createOutbox, type Outbox, wecomSender } from './digest/outbox.js';
import { scheduleDigest } from './digest/schedule.js';
import { createLogger, type Logger } from './logger.js';
import { createApp } from './server/app.js';
import { listenApp } from './server/listen.js';
import { createWorkbench } from './web/router.js';
import { createAibotRouter } from './wecom/aibot.js';
import { createWecomApi, type WecomApi } from './wecom/api.js';
import { createWecomRouter } from './wecom/callback.js';

export interface Running {
  server?: Server;
  database?: OpenDatabase;
  tasks: { stop(): void | Promise<void> }[];
  /** Replies still being sent once the server stops taking requests. */
  drains: (() => Promise<void>)[];
}

/** How often the delivery log is checked for pushes to retry. */
const DELIVERY_TICK_MS = 30_000;

/** WeCom callback routes for what is configured, all feeding the one command layer. */
function wecomRoutes(
  config: Config,
  db: Db,
  log: Logger,
  running: Running,
  handler: ChatHandler,
  api: WecomApi | undefined,
): Router[] {
  const routers: Router[] = [];
  if (config.wecom && api) {
    const app = createWecomRouter({ config, db, log, handler, api });
    routers.push(app.router);
    running.drains.push(app.idle);
  }
  if (config.aibot) {
    const bot = createAibotRouter({
      aibot: config.aibot,
      passiveReplyMs: config.passiveReplyMs,
      db,
      log,
      handler,
    });
    routers.push(bot.router);
    running.drains.push(bot.idle);
  }
  return routers;
}

/** Starts the database (embedded unless DATABASE_URL is set), migrations, HTTP and the scheduler. */
export async function start(config: Config, log: Logger, running: Running): Promise<void> {
  running.database = await openDatabase(config, log);
  const db = running.database.db;
  if (!config.wecom) {
    log.warn(
      'WeCom is not configured (WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_ENCODING_AES_KEY): ' +
        'the server runs, but receives and sends no WeCom messages',
    );
  }

  // One API client for the process: one token cache and one set of per-member pacing books.
  const api = config.wecom ? createWecomApi({ wecom: config.wecom, log }) : undefined;
  const outbox = createOutbox({ db, log, sender: api ? wecomSender(api) : undefined });
  scheduleDeliveries(db, outbox, log, running);
  const handler = createChatHandler({
    db,
    log,
    notifier: outbox,
    settings: {
      markdown: config.chatMarkdown,
      subsidyPayFrom: config.subsidyPayFrom,
      publicBaseUrl: config.publicBaseUrl,
    },
  });

  const web = createWorkbench({
    db,
    log,
    wecom:
      config.wecom && api ? { corpId: config.wecom.corpId, agentId: config.wecom.agentId, api } : undefined,
    oauthBase: config.oauthBase,
    publicBaseUrl: config.publicBaseUrl,
  });
  const routers = [...wecomRoutes(config, db, log, running, handler, api), web.router];
  const app = createApp({ db, log, routers });
  running.server = await listenApp(app, config.port, config.host, config.http);

  // The district's overview counted once in the background; shutdown waits for it.
  const warming = web.warmOverview();
  running.drains.push(() => warming);

  // The daily digest at DIGEST_CRON, caught up at once when the server starts late.
  running.tasks.push(scheduleDigest({ config, db, log, outbox, publicBaseUrl: config.publicBaseUrl }));

  log.info(
    {
      port: config.port,
      database: config.databaseUrl ? 'external' : 'embedded',
      wecom: Boolean(config.wecom),
      aibot: Boolean(config.aibot),
      digestCron: config.digestCron,
    },
    '关爱通 is listening',
  );
}

/** Retries failed pushes and sends what other processes (npm run chat) queued. */
function scheduleDeliveries(db: Db, outbox: Outbox, log: Logger, running: Running): void {
  const tick = () =>
    recoverInbound(db, outbox, log)
      .then(() => outbox.drain())
      .then(
        (r) => {
          if (r.sent || r.failed) log.info(r, 'delivery batch');
        },
        (err) => log.error({ err }, 'delivery batch failed'),
      );
  const timer = setInterval(tick, DELIVERY_TICK_MS);
  timer.unref();
  void tick();
  running.tasks.push({ stop: () => clearInterval(timer) });
}

export async function shutdown(running: Running, log: Logger): Promise<void> {
  for (const task of running.tasks) await task.stop();
  if (running.server) {
    const server = running.server;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
  }
  for (const drain of running.drains) await drain();
  await running.database?.close();
  log.info('stopped cleanly');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const line of err.problems) console.error(line);
      process.exit(78);
    }
    throw err;
  }

  const log = createLogger(config.logLevel);
  const running: Running = { tasks: [], drains: [] };
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    shutdown(running, log).then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  try {
    await start(config, log, running);
  } catch (err) {
    log.fatal({ err }, 'start-up failed');
    await shutdown(running, log).catch(() => undefined);
    process.exit(1);
  }
}

// Run only as the entry point: src/cli/dev-wecom.ts imports start() and shutdown().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
