// One real PostgreSQL for the whole run: an embedded cluster in a temporary folder (or the
// server in TEST_DATABASE_URL), with every migration applied once to a template database.
// Each test file then clones the template into a database of its own (test/helpers/db.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { freePort } from '../src/db/free-port.js';
import { migrateDeploy } from '../src/db/migrate.js';
import { scanDirectory } from './helpers/pii.js';

export const TEMPLATE_DB = 'gat_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    /** Where test/pii-sink.ts has each test file write its replies and log lines. */
    piiDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gat-test-'));
    const server = await startEmbeddedPostgres({
      dir: path.join(dir, 'pg'),
      port: await freePort(),
      database: 'postgres',
    });
    adminUrl = server.url;
    stop = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  await migrateDeploy(withDatabase(adminUrl, TEMPLATE_DB));

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', TEMPLATE_DB);
  const piiDir = await mkdtemp(path.join(os.tmpdir(), 'gat-pii-'));
  project.provide('piiDir', piiDir);
  return async () => {
    await stop();
    await checkPersonalData(piiDir);
  };
}

/** Fails the run when any reply or log line of the whole suite shows an ID or mobile number in full. */
async function checkPersonalData(dir: string): Promise<void> {
  const { files, lines, findings } = await scanDirectory(dir);
  await rm(dir, { recursive: true, force: true });
  // Quiet when clean, so that vitest's summary stays the last thing the run prints.
  if (findings.length === 0) {
    if (process.env.GAT_PII_REPORT)
      console.log(`personal-data scan: ${lines} lines from ${files} files, clean`);
    return;
  }
  for (const f of findings.slice(0, 20))
    console.error(`personal data (${f.kind}) in ${f.file}: …${f.excerpt}`);
  // vitest neither fails a run for an error in a global teardown nor keeps process.exitCode;
  // this is the last thing the run does (the database is stopped), so it ends here.
  console.error(`FAIL personal-data scan: ${findings.length} full ID or mobile numbers in replies or logs`);
  process.exit(1);
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
