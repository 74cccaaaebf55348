// `npm run bench:workbench`: the workbench overview over HTTP for a generated district of
// 100,000 children with five years of history (bench/digest-data.ts), as district staff (all
// streets) and as a street's supervisor. Needs no set-up: an embedded PostgreSQL is started
// in a temporary folder. Target: under 1 second per overview.
//   BENCH_SIZE (default 100000), BENCH_TODAY (default 2026-12-03), BENCH_RUNS (default 5)
import type { AddressInfo } from 'node:net';
import { createDb } from '../src/db/client.js';
import { createSilentLogger } from '../src/logger.js';
import { createApp } from '../src/server/app.js';
import { createWebRouter } from '../src/web/router.js';
import { createSession } from '../src/web/session.js';
import { withGeneratedDistrict } from './digest-data.js';

const SIZE = Number(process.env.BENCH_SIZE ?? 100_000);
const TODAY = process.env.BENCH_TODAY ?? '2026-12-03';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NOW = new Date(`${TODAY}T02:00:00Z`);

/** The first request (which counts the scope) and then RUNS more (served from the counts). */
async function timeRequests(url: string, cookie: string): Promise<{ first: number; later: number[] }> {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    const body = await res.text();
    if (res.status !== 200 || !body.includes('chart-data'))
      throw new Error(`overview answered ${res.status}`);
    times.push(performance.now() - started);
  }
  const [first, ...later] = times;
  return { first: first!, later: later.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  await withGeneratedDistrict(SIZE, TODAY, async (url) => {
    const db = createDb(url, 10);
    const log = createSilentLogger();
    const app = createApp({
      db,
      log,
      routers: [createWebRouter({ db, log, now: () => NOW, oauthBase: '' })],
    });
    const http = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => http.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

    for (const userid of ['qu_1', 'dd_1']) {
      const staff = await db.staff.findUniqueOrThrow({ where: { userid } });
      const cookie = `gat_session=${await createSession(db, staff.id, new Date())}`;
      const { first, later } = await timeRequests(`${base}/web/overview`, cookie);
      const median = later[Math.floor(later.length / 2)]!;
      console.log(
        `GET /web/overview as ${userid} (${staff.role}): first request (counting) ${first.toFixed(0)} ms; ` +
          `then median ${median.toFixed(0)} ms, max ${later.at(-1)!.toFixed(0)} ms over ${RUNS} requests`,
      );
    }
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await db.$disconnect();
  });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
