import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createDb, type Db } from './client.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded.js';
import { migrateDeploy } from './migrate.js';

export interface OpenDatabase {
  url: string;
  db: Db;
  /** Disconnects the client and stops the embedded server, if one was started. */
  close(): Promise<void>;
}

/**
 * The database as configured: the server in DATABASE_URL, or else the embedded PostgreSQL
 * under DATA_DIR (started here); pending migrations applied either way.
 */
export async function openDatabase(config: Config, log: Logger): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, 'pg'),
      port: config.embeddedPgPort,
      log,
    });
    url = embedded.url;
  } else {
    log.info('using the PostgreSQL server in DATABASE_URL; nothing embedded is started');
  }

  try {
    const output = await migrateDeploy(url);
    const applied = output.match(/(\d+) migrations? found/)?.[1];
    log.info(
      { migrations: applied, pending: !/No pending migrations/.test(output) },
      'database schema up to date',
    );
  } catch (err) {
    await embedded?.stop();
    throw err;
  }

  const db = createDb(url);
  return {
    url,
    db,
    async close() {
      await db.$disconnect();
      await embedded?.stop();
    },
  };
}
