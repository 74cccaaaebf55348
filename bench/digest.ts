// `npm run bench:digest`: the daily digest for generated districts of 10,000 and 100,000
// children with five years of history: time, peak memory and SQL statements of one run
// (lock, build, recording every digest in the delivery log; nothing is sent). Needs no
// set-up: an embedded PostgreSQL is started in a temporary folder. Each run is measured in a
// child process of its own, so generating the data does not count against it.
//   BENCH_SIZES (default "10000,100000"), BENCH_TODAY (default 2026-12-03)
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { freePort } from '../src/db/free-port.js';
import { migrateDeploy } from '../src/db/migrate.js';
import { generateDistrict } from './digest-data.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const TODAY = process.env.BENCH_TODAY ?? '2026-12-03';

interface Figures {
  ms: number;
  peakMb: number;
  queries: number;
  digests: number;
  recorded: number;
  items: number;
  lines: number;
  sample: string;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function measure(url: string): Promise<Figures> {
  const child = fork(path.join(import.meta.dirname, 'digest-run.ts'), {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/gat-prof'] : []),
    ],
    env: { ...process.env, BENCH_DB_URL: url, BENCH_TODAY: TODAY },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as Figures));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`digest run exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gat-bench-digest-'));
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'postgres',
  });
  const results: { size: number; figures: Figures }[] = [];
  try {
    for (const size of SIZES) {
      const name = `digest_${size}`;
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = withDatabase(server.url, name);
      await migrateDeploy(url);

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const data = await mkdtemp(path.join(os.tmpdir(), 'gat-bench-data-'));
      const loadStart = performance.now();
      const generated = await generateDistrict(client, data, size, TODAY);
      await client.end();
      await rm(data, { recursive: true, force: true });
      console.log(
        `${size} children: generated and loaded ${generated.periods} levels, ${generated.visits} visits, ` +
          `${generated.services} services in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
      );

      const figures = await measure(url);
      results.push({ size, figures });
      console.log(
        `${size} children: ${(figures.ms / 1000).toFixed(2)} s, peak RSS ${figures.peakMb.toFixed(0)} MB, ` +
          `${figures.queries} SQL statements; ${figures.digests} digests (${figures.items} items, ` +
          `${figures.lines} lines sent) recorded in the delivery log`,
      );
    }
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }

  console.log('\nchildren | time (s) | peak RSS (MB) | SQL statements | digests | ms per 1,000 children');
  for (const { size, figures } of results) {
    const per = (figures.ms / size) * 1000;
    console.log(
      `${size} | ${(figures.ms / 1000).toFixed(2)} | ${figures.peakMb.toFixed(0)} | ${figures.queries} | ${figures.digests} | ${per.toFixed(1)}`,
    );
  }
  const sample = results.at(-1)?.figures.sample;
  if (sample) console.log(`\nA director's digest, as sent:\n${sample}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
