import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createDb, type Db } from '../../src/db/client.js';

export interface TestDatabase {
  url: string;
  db: Db;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database of this test file's own (a copy of the template), with a
 * Prisma client on it. Dropped after the file's tests.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `gat_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`));
  const url = withDatabase(inject('pgAdminUrl'), name);
  const db = createDb(url, 5);
  afterAll(async () => {
    await db.$disconnect();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return { url, db };
}
