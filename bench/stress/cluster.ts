// What the stress runs drive: an embedded PostgreSQL the script can stop and start on the same
// data, the fake WeCom API on 127.0.0.1, and real bot processes (`tsx src/main.ts`) on it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { freePort } from '../../src/db/free-port.js';
import { migrateDeploy } from '../../src/db/migrate.js';
import { toLocalDate } from '../../src/policy/index.js';
import { type FakeWecom, startFakeWecom } from '../../src/wecom/fake/server.js';
import { generateDistrict } from '../digest-data.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export const WECOM = {
  WECOM_CORP_ID: 'wwstresscorp00000',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'stress-secret-never-logged',
  WECOM_TOKEN: 'StressToken',
  WECOM_ENCODING_AES_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
} as const;

/** Ten children per director: 500 directors for a district of 5,000 children. */
export const CHILDREN_PER_DIRECTOR = 10;

export interface Bot {
  port: number;
  url: string;
  /** The exit code or signal if the process has died, e.g. crashed. */
  died(): string | undefined;
  /** What the process wrote that was not a JSON log line (a crash's stack), and its last lines. */
  tail(): Promise<string>;
  /** SIGKILL, no clean-up: what a crash or the OOM killer does. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface Cluster {
  dir: string;
  url: string;
  pgPort: number;
  fake: FakeWecom;
  /** Directors' userids (active ones) and the children each has, by id. */
  directors: { userid: string; first: number; count: number }[];
  startBot(port?: number): Promise<Bot>;
  stopDatabase(): Promise<void>;
  startDatabase(): Promise<void>;
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A district of `children` (a director per ten) in a fresh cluster, and the fake API. */
export async function startCluster(children: number): Promise<Cluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gat-stress-'));
  const pgPort = await freePort();
  const pgDir = path.join(dir, 'pg');
  let database: EmbeddedDatabase | undefined = await startEmbeddedPostgres({
    dir: pgDir,
    port: pgPort,
    database: 'stress',
  });
  const url = database.url;
  await migrateDeploy(url);
  const seed = new pg.Client({ connectionString: url });
  await seed.connect();
  await generateDistrict(seed, dir, children, toLocalDate(new Date()), CHILDREN_PER_DIRECTOR);
  const found = await seed.query<{ userid: string; communityId: number }>(
    `SELECT userid, "communityId" FROM "Staff" WHERE role = 'director' AND active ORDER BY id`,
  );
  await seed.end();
  const directors = found.rows.map((r) => ({
    userid: r.userid,
    first: (r.communityId - 1) * CHILDREN_PER_DIRECTOR + 1,
    count: CHILDREN_PER_DIRECTOR,
  }));

  const fake = await startFakeWecom({
    corpId: WECOM.WECOM_CORP_ID,
    secret: WECOM.WECOM_SECRET,
    agentId: Number(WECOM.WECOM_AGENT_ID),
  });
  const bots: ChildProcess[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);

  return {
    dir,
    url,
    pgPort,
    fake,
    directors,
    async startBot(port) {
      const chosen = port ?? (await freePort());
      const logFile = path.join(dir, `bot-${chosen}.log`);
      const log = createWriteStream(logFile, { flags: 'a' });
      const clean = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !/^(WECOM_|DATABASE_URL|PORT$)/.test(k)),
      );
      // node with tsx's loader, not the tsx wrapper: one process, so SIGKILL hits the server.
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: ROOT,
        env: {
          ...clean,
          ...WECOM,
          WECOM_API_BASE: fake.url,
          DATABASE_URL: url,
          PORT: String(chosen),
          HOST: '127.0.0.1',
          LOG_LEVEL: process.env.STRESS_LOG_LEVEL ?? 'warn',
          // Far from now, so no digest runs in the middle of a load run.
          DIGEST_CRON: '0 3 1 1 *',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      bots.push(child);
      let death: string | undefined;
      let expected = false;
      const exited = new Promise<void>((resolve) =>
        child.once('exit', (code, signal) => {
          if (!expected) death = String(code ?? signal);
          resolve();
        }),
      );
      const botUrl = `http://127.0.0.1:${chosen}`;
      await waitForHealth(botUrl, child);
      return {
        port: chosen,
        url: botUrl,
        died: () => death,
        async tail() {
          const lines = (await readFile(logFile, 'utf8')).split('\n');
          return [...lines.filter((l) => l && !l.startsWith('{')).slice(-30), ...lines.slice(-5)].join('\n');
        },
        async kill() {
          expected = true;
          child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          expected = true;
          child.kill('SIGTERM');
          await exited;
        },
      };
    },
    async stopDatabase() {
      await database?.stop();
      database = undefined;
    },
    async startDatabase() {
      database = await startEmbeddedPostgres({ dir: pgDir, port: pgPort, database: 'stress' });
    },
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async close() {
      for (const child of bots) if (child.exitCode === null) child.kill('SIGKILL');
      await pool.end().catch(() => undefined);
      await fake.close();
      await database?.stop();
      if (!process.env.STRESS_KEEP) await rm(dir, { recursive: true, force: true });
      else console.log(`kept ${dir}`);
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode} during start-up`);
    const res = await fetch(`${url}/healthz`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the bot never answered /healthz');
}
