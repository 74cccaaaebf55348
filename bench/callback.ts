// `npm run bench:callback`: encrypted WeCom callbacks (echo command, unique MsgIds) against the
// bot on 127.0.0.1, next to a bare koa app as the ceiling. Needs no set-up: an embedded
// PostgreSQL is started in a temporary folder and migrated. The servers run in a child process
// so the load generator does not share their event loop (it still shares the machine's cores).
//   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 30), BENCH_POOL (database pool, 10)
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createDb } from '../src/db/client.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { freePort } from '../src/db/free-port.js';
import { migrateDeploy } from '../src/db/migrate.js';
import { createCallbackSender, type Delivery } from '../src/wecom/fake/sender.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 30);
const WECOM = {
  WECOM_CORP_ID: 'wwbenchcorp000000',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'bench-secret-unused',
  WECOM_TOKEN: 'BenchToken',
  WECOM_ENCODING_AES_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
};

interface Figures {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gat-bench-'));
  const pg = await startEmbeddedPostgres({
    dir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'bench',
  });
  let child: ReturnType<typeof fork> | undefined;
  try {
    await migrateDeploy(pg.url);
    child = fork(path.join(import.meta.dirname, 'callback-server.ts'), {
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/gat-prof'] : []),
      ],
      env: { ...process.env, ...WECOM, DATABASE_URL: pg.url, WECOM_API_BASE: 'http://127.0.0.1:9' },
    });
    const ports = await new Promise<{ callback: number; bare: number }>((resolve, reject) => {
      child?.once('message', (m) => resolve(m as { callback: number; bare: number }));
      child?.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    });

    const sender = createCallbackSender({ ...tokens(), agentId: 1000002 });
    const deliveries = prepare(sender, Math.ceil(SECONDS * 6000) + 5000);
    console.log(
      `prepared ${deliveries.length} encrypted callbacks; ${CONNECTIONS} connections, ${SECONDS} s each run`,
    );

    let next = 0;
    let notPassive = 0;
    const callbackRun = (seconds: number) =>
      autocannon({
        url: `http://127.0.0.1:${ports.callback}`,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const d = deliveries[next++ % deliveries.length] as Delivery;
              return { ...req, path: `/wecom/callback?${d.query}`, body: d.body };
            },
            onResponse: (_status, body) => {
              if (!body.startsWith('<xml><Encrypt>')) notPassive++;
            },
          },
        ],
      });
    const bareRun = () =>
      autocannon({ url: `http://127.0.0.1:${ports.bare}/`, connections: CONNECTIONS, duration: SECONDS });

    await callbackRun(2); // warm-up: JIT, database pool, PostgreSQL caches
    const warmed = next;
    notPassive = 0;
    const callback = figures('WeCom callback (echo)', await callbackRun(SECONDS));
    // BENCH_PROF profiles the server process; the bare run would only blur that profile.
    const bare = process.env.BENCH_PROF ? callback : figures('bare koa hello', await bareRun());

    if (next > deliveries.length)
      console.log('warning: callbacks wrapped around; later ones were dedup hits');
    const stored = await countRows(pg.url);
    print([callback, bare]);
    console.log(`throughput ratio callback / bare koa: ${(callback.rps / bare.rps).toFixed(3)}`);
    console.log(`replies that were not an encrypted passive reply: ${notPassive}`);
    console.log(`InboundMessage rows: ${stored} for ${next} callbacks sent (${warmed} in the warm-up)`);
    console.log(
      `target: 2000 callbacks/s with p99 < 50 ms → ${callback.rps >= 2000 && callback.p99 < 50 ? 'met' : 'missed'}`,
    );
  } finally {
    child?.send('stop');
    await new Promise((resolve) => child?.once('exit', resolve) ?? resolve(undefined));
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function tokens() {
  return {
    token: WECOM.WECOM_TOKEN,
    encodingAesKey: WECOM.WECOM_ENCODING_AES_KEY,
    corpId: WECOM.WECOM_CORP_ID,
  };
}

function prepare(sender: ReturnType<typeof createCallbackSender>, count: number): Delivery[] {
  const base = BigInt(Date.now()) * 100_000n;
  return Array.from({ length: count }, (_, i) =>
    sender.deliver(sender.textXml({ user: `user${i % 500}`, text: '待办', msgId: String(base + BigInt(i)) })),
  );
}

function figures(name: string, r: autocannon.Result): Figures {
  return {
    name,
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

function print(rows: Figures[]): void {
  console.table(
    rows.map((f) => ({
      run: f.name,
      'req/s': Math.round(f.rps),
      'p50 ms': f.p50,
      'p99 ms': f.p99,
      requests: f.requests,
      errors: f.errors,
      non2xx: f.non2xx,
    })),
  );
}

async function countRows(url: string): Promise<number> {
  const db = createDb(url, 1);
  try {
    return await db.inboundMessage.count();
  } finally {
    await db.$disconnect();
  }
}

await main();
