import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';

// Prisma 6.19's JavaScript schema engine cannot read PostgreSQL catalog columns of
// type `name` (OID 19) through adapter-pg (prisma/orm#27403). Reporting them as
// `text` (OID 25) is safe: both arrive as strings. Remove once the upstream fix
// ships in the Prisma line we use. Scoped to the CLI: the app never imports this file.
type FieldsHook = { addFields(fields: { dataTypeID: number }[]): void };
const resultPrototype = pg.Result.prototype as unknown as FieldsHook;
const addFields = resultPrototype.addFields;
resultPrototype.addFields = function (this: FieldsHook, fields) {
  for (const field of fields) {
    if (field.dataTypeID === 19) field.dataTypeID = 25;
  }
  return addFields.call(this, fields);
};

// The WebAssembly schema engine arms a 10 s timer (its lock timeout) and never clears it,
// so every CLI command lingered 10 s after finishing. Unref'd, the timer still fires while
// a query is pending (the pg socket keeps the process alive) but no longer holds the exit.
const setTimeoutOriginal = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = setTimeoutOriginal(fn, ms, ...(args as []));
  if (ms === 10_000) timer.unref();
  return timer;
}) as typeof setTimeout;

// `prisma generate` needs no database, but the CLI must see a URL or it tries to download
// native engines. A placeholder keeps it offline; commands that connect still need a real one.
process.env.DATABASE_URL ||= 'postgresql://offline@127.0.0.1:1/none';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    // allowExitOnIdle: idle pooled connections must not keep the CLI alive either.
    return new PrismaPg({ connectionString: process.env.DATABASE_URL, allowExitOnIdle: true });
  },
});
