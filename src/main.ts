import type { Server } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type Router from '@koa/router';
import cron from 'node-cron';
import { createEchoHandler } from './chat/echo.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createDb, type Db } from './db/client.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.js';
import { migrateDeploy } from './db/migrate.js';
import { createLogger, type Logger } from './logger.js';
import { createApp } from './server/app.js';
import { createAibotRouter } from './wecom/aibot.js';
import { createWecomApi } from './wecom/api.js';
import { createWecomRouter } from './wecom/callback.js';

export interface Running {
  server?: Server;
  db?: Db;
  embedded?: EmbeddedDatabase;
  tasks: { stop(): void | Promise<void> }[];
  /** Replies still being sent once the server stops taking requests. */
  drains: (() => Promise<void>)[];
}

/** WeCom callback routes for what is configured; the echo handler stands in for the commands. */
function wecomRoutes(config: Config, db: Db, log: Logger, running: Running): Router[] {
  const handler = createEchoHandler();
  const routers: Router[] = [];
  if (config.wecom) {
    const api = createWecomApi({ wecom: config.wecom, log });
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
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    running.embedded = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, 'pg'),
      port: config.embeddedPgPort,
      log,
    });
    databaseUrl = running.embedded.url;
  } else {
    log.info('using the PostgreSQL server in DATABASE_URL; nothing embedded is started');
  }

  const migrated = await migrateDeploy(databaseUrl);
  log.info(
    { applied: /applied/i.test(migrated) ? (migrated.match(/\d+ migrations?/)?.[0] ?? 'some') : 'none' },
    'migrations up to date',
  );

  running.db = createDb(databaseUrl);
  if (!config.wecom) {
    log.warn(
      'WeCom is not configured (WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_ENCODING_AES_KEY): ' +
        'the server runs, but receives and sends no WeCom messages',
    );
  }

  const app = createApp({ db: running.db, log, routers: wecomRoutes(config, running.db, log, running) });
  running.server = await new Promise<Server>((resolve, reject) => {
    const server = app.listen(config.port, config.host, () => resolve(server));
    server.once('error', reject);
  });

  const digest = cron.schedule(
    config.digestCron,
    () => log.info('daily digest is not built yet (see the digest issue)'),
    { timezone: config.timeZone, name: 'daily-digest', noOverlap: true },
  );
  running.tasks.push(digest);

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

export async function shutdown(running: Running, log: Logger): Promise<void> {
  for (const task of running.tasks) await task.stop();
  if (running.server) {
    const server = running.server;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
  }
  for (const drain of running.drains) await drain();
  await running.db?.$disconnect();
  await running.embedded?.stop();
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
