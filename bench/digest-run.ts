// Child process of bench/digest.ts: one digest run on a generated district, measured alone
// (time, peak memory, SQL statements). Reports its figures to the parent over IPC.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import pg from 'pg';
import { createOutbox } from '../src/digest/outbox.js';
import { runDigest } from '../src/digest/run.js';
import { createSilentLogger } from '../src/logger.js';

async function main(): Promise<void> {
  const url = process.env.BENCH_DB_URL!;
  const today = process.env.BENCH_TODAY!;
  let queries = 0;
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Every statement the adapter sends goes through a pooled client's query().
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      queries++;
      return query(...args);
    };
  });
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  await db.$queryRawUnsafe('SELECT 1');
  queries = 0;

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const log = createSilentLogger();
  const started = performance.now();
  let lastProgress = started;
  const result = await runDigest({
    db,
    log,
    outbox: createOutbox({ db, log }),
    today,
    runner: 'bench',
    send: false,
    onProgress: (p) => {
      const at = performance.now();
      if (at - lastProgress > 1000 || p.children === p.total) {
        console.log(`  … ${p.children}/${p.total} children, ${p.records} records read`);
        lastProgress = at;
      }
    },
  });
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (result.status !== 'ran') throw new Error(`digest did not run: ${result.status}`);
  const lines = result.digests.reduce((n, d) => n + d.lines.length, 0);
  const figures = {
    ms,
    peakMb: peak / 1024 / 1024,
    queries,
    digests: result.digests.length,
    recorded: result.recorded,
    items: result.digests.reduce((n, d) => n + d.items, 0),
    lines,
    sample: result.digests.find((d) => d.role === 'director')?.text ?? '',
  };
  // Run on its own (BENCH_DB_URL=… npx tsx bench/digest-run.ts) it prints what it measured.
  if (process.send) process.send(figures);
  else console.log({ ...figures, sample: undefined });
  await db.$disconnect();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
