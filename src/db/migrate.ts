import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** The project root, where prisma.config.ts lives. */
export const PROJECT_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Runs the Prisma CLI (offline JS engine, see prisma.config.ts) with DATABASE_URL set. */
export async function runPrisma(args: string[], databaseUrl: string): Promise<string> {
  const cli = require.resolve('prisma/build/index.js');
  const { stdout } = await run(process.execPath, [cli, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Applies every pending migration (`prisma migrate deploy`). */
export async function migrateDeploy(databaseUrl: string): Promise<string> {
  return runPrisma(['migrate', 'deploy'], databaseUrl);
}
