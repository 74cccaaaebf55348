// npm start as an operator runs it: a real process, the embedded PostgreSQL, Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/free-port.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function startBot(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number>;
} {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(WECOM_|DATABASE_URL)/.test(k)),
  );
  const child = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: { ...clean, LOG_LEVEL: 'info', ...env } });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, output: () => output, exited };
}

async function waitForHealth(url: string, exited: Promise<number>): Promise<Response> {
  let done = false;
  void exited.then(() => (done = true));
  for (let i = 0; i < 300 && !done; i++) {
    const res = await fetch(url).catch(() => undefined);
    if (res) return res;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the bot never answered /healthz');
}

describe('npm start', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('should start embedded PostgreSQL, migrate, serve /healthz, and stop cleanly on Ctrl-C, twice on the same data', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gat-start-'));
    dirs.push(dataDir);
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
    };

    for (const run of [1, 2]) {
      const bot = startBot(env);
      const res = await waitForHealth(`http://127.0.0.1:${env.PORT}/healthz`, bot.exited);
      expect(res.status).toBe(200);
      expect(bot.output()).toContain('WeCom is not configured');

      bot.child.kill('SIGINT');

      expect(await bot.exited).toBe(0);
      expect(bot.output()).toContain('stopped cleanly');
      expect(bot.output()).toContain(run === 1 ? '"fresh":true' : '"fresh":false');
    }
    await expect(stat(path.join(dataDir, 'pg', 'PG_VERSION'))).resolves.toBeTruthy();
    await expect(stat(path.join(dataDir, 'pg', 'postmaster.pid'))).rejects.toThrow();
  });

  it('should refuse to start on bad configuration with one line per wrong variable', async () => {
    const bot = startBot({ PORT: 'http', DIGEST_CRON: 'daily', WECOM_CORP_ID: 'ww1234567890abcdef' });

    expect(await bot.exited).toBe(78);
    const lines = bot.output().trim().split('\n');
    expect(lines.some((l) => l.startsWith('PORT: should be a port number such as 3000'))).toBe(true);
    expect(lines.some((l) => l.startsWith('DIGEST_CRON: should be a cron expression'))).toBe(true);
  });
});
