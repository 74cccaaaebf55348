// `npm run db:migration -- <name>`: writes the next migration for the edited schema,
// offline. Prisma's JS schema engine cannot diff against a live database when an adapter
// is configured, so each migration folder keeps a copy of the schema it was made from
// (schema.prisma) and the next one is the datamodel diff from that copy. The result is
// then applied, with all earlier migrations, to a throw-away embedded cluster as a check.
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { freePort } from '../db/free-port.js';
import { migrateDeploy, PROJECT_ROOT, runPrisma } from '../db/migrate.js';

const MIGRATIONS = path.join(PROJECT_ROOT, 'prisma', 'migrations');
const SCHEMA = path.join(PROJECT_ROOT, 'prisma', 'schema.prisma');

async function main(): Promise<void> {
  const name = (process.argv[2] ?? '').trim();
  if (!/^[a-z0-9_]+$/.test(name)) {
    console.error('usage: npm run db:migration -- <name_in_snake_case>');
    process.exit(2);
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), 'gat-migration-'));
  const db = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
  try {
    await writeMigration(name, db.url);
  } finally {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The Prisma CLI connects through the adapter even for a datamodel-only diff. */
async function writeMigration(name: string, url: string): Promise<void> {
  const previous = await latestSnapshot();
  const from = previous ? ['--from-schema-datamodel', previous] : ['--from-empty'];
  const sql = await runPrisma(['migrate', 'diff', ...from, '--to-schema-datamodel', SCHEMA, '--script'], url);
  if (!/^\s*(CREATE|ALTER|DROP)/im.test(sql)) {
    console.log('The schema matches the last migration: nothing to write.');
    return;
  }

  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(MIGRATIONS, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  await copyFile(SCHEMA, path.join(folder, 'schema.prisma'));

  try {
    await migrateDeploy(url);
  } catch (err) {
    await rm(folder, { recursive: true, force: true });
    throw err;
  }
  console.log(
    `Wrote ${path.relative(PROJECT_ROOT, folder)}/migration.sql and checked it; review it, then commit it.`,
  );
}

async function latestSnapshot(): Promise<string | undefined> {
  const folders = (await readdir(MIGRATIONS).catch(() => [] as string[]))
    .filter((f) => /^\d{14}_/.test(f))
    .sort();
  const last = folders.at(-1);
  if (!last) return undefined;
  const snapshot = path.join(MIGRATIONS, last, 'schema.prisma');
  await stat(snapshot).catch(() => {
    throw new Error(`${snapshot} is missing: every migration folder keeps the schema it was made from`);
  });
  return snapshot;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
