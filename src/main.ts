import type { Server } from 'node:http';
import path from 'node:path';
import cron from 'node-cron';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createDb, type Db } from './db/client.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.js';
import { migrateDeploy } from './db/migrate.js';
import { createLogger, type Logger } from './logger.js';
import { createApp } from './server/app.js';

interface Running {
  server?: Server;
  db?: Db;
  embedded?: EmbeddedDatabase;
  tasks: { stop(): void | Promise<void> }[];
}

async function start(config: Config, log: Logger, running: Running): Promise<void> {
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

  const app = createApp({ db: running.db, log });
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
      digestCron: config.digestCron,
    },
    '关爱通 is listening',
  );
}

async function shutdown(running: Running, log: Logger): Promise<void> {
  for (const task of running.tasks) await task.stop();
  if (running.server) {
    const server = running.server;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
  }
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
  const running: Running = { tasks: [] };
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

void main();
