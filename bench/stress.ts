// `npm run test:stress`: the bot under load, faults and attack, each with a count of what was
// lost (the target is zero). Real bot processes (tsx src/main.ts) on an embedded PostgreSQL
// this script controls, the fake WeCom API, and a driver that behaves like WeCom.
//   --short        the CI version: a few seconds per run, fewer fuzz cases
//   --only=a,b     run only these scenarios: load1, load2, pgstop, sigkill, attack, fuzz
// Exits non-zero when anything acknowledged was lost or stored twice.

import { type AttackResult, attack } from './stress/attack.js';
import { type Bot, type Cluster, startCluster } from './stress/cluster.js';
import { drive } from './stress/driver.js';
import { type FuzzFigures, fuzzParsers } from './stress/fuzz.js';
import { failed, reconcile, type Tally } from './stress/ledger.js';

const SHORT = process.argv.includes('--short');
const ONLY = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const CONNECTIONS = Number(process.env.STRESS_CONNECTIONS ?? 20);
const CHILDREN = Number(process.env.STRESS_CHILDREN ?? 5_100);

interface Row {
  scenario: string;
  tally: Tally;
  note: string;
  /** Bot processes that died on their own during the run. */
  crashed?: number;
}

/** Bots that died without being told to: their last words, and how many. */
async function crashes(bots: Bot[]): Promise<number> {
  const dead = bots.filter((b) => b.died() !== undefined);
  for (const bot of dead) console.error(`bot on port ${bot.port} died (${bot.died()}):\n${await bot.tail()}`);
  return dead.length;
}

const rows: Row[] = [];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function settle(): Promise<void> {
  // Late replies and reply records still in flight in the bots.
  await sleep(4_000);
}

async function loadRun(cluster: Cluster, instances: number): Promise<void> {
  const bots: Bot[] = [];
  for (let i = 0; i < instances; i++) bots.push(await cluster.startBot());
  let next = 0;
  const seconds = SHORT ? 5 : 60;
  // Warm-up, not counted: JIT, the database pools, PostgreSQL's caches.
  await drive({
    target: () => bots[next++ % bots.length]!.url,
    directors: cluster.directors,
    seconds: 2,
    connections: CONNECTIONS,
  });
  const run = await drive({
    target: () => bots[next++ % bots.length]!.url,
    directors: cluster.directors,
    seconds,
    connections: CONNECTIONS,
  });
  await settle();
  if (process.env.STRESS_SHOW) {
    for (const kind of ['lookup', 'visit', 'todo'])
      console.log(
        kind,
        JSON.stringify(run.ledger.find((e) => e.kind === kind && e.reply)?.reply?.slice(0, 300)),
      );
  }
  rows.push({
    scenario: `load${instances}`,
    tally: await reconcile(cluster, run),
    note: `${instances} bot instance(s), ${seconds} s`,
    crashed: await crashes(bots),
  });
  for (const bot of bots) await bot.stop();
}

async function pgStopRun(cluster: Cluster): Promise<void> {
  const bot = await cluster.startBot();
  const seconds = SHORT ? 15 : 40;
  const at = SHORT ? 3 : 10;
  let downFor = 0;
  const run = await drive({
    target: () => bot.url,
    directors: cluster.directors,
    seconds,
    connections: CONNECTIONS,
    onSecond: async (s) => {
      if (s !== at) return;
      const t = Date.now();
      await cluster.stopDatabase();
      await sleep(10_000);
      await cluster.startDatabase();
      downFor = (Date.now() - t) / 1000;
    },
  });
  await settle();
  const health = await fetch(`${bot.url}/healthz`).then(
    (r) => r.status,
    () => 'no answer',
  );
  rows.push({
    scenario: 'pgstop',
    tally: await reconcile(cluster, run),
    note: `PostgreSQL down ${downFor.toFixed(1)} s at ${at} s of ${seconds} s; /healthz after: ${health}`,
    crashed: await crashes([bot]),
  });
  await bot.stop();
}

async function sigkillRun(cluster: Cluster): Promise<void> {
  let bot = await cluster.startBot();
  const port = bot.port;
  const seconds = SHORT ? 10 : 30;
  let restartMs = 0;
  let current = bot.url;
  const run = await drive({
    target: () => current,
    directors: cluster.directors,
    seconds,
    connections: CONNECTIONS,
    onSecond: async (s) => {
      if (s !== 4) return;
      const t = Date.now();
      await bot.kill();
      bot = await cluster.startBot(port);
      current = bot.url;
      restartMs = Date.now() - t;
    },
  });
  await settle();
  rows.push({
    scenario: 'sigkill',
    tally: await reconcile(cluster, run),
    note: `SIGKILL at 4 s of ${seconds} s, back after ${(restartMs / 1000).toFixed(1)} s`,
    crashed: await crashes([bot]),
  });
  await bot.stop();
}

let attacked: AttackResult | undefined;

async function attackRun(cluster: Cluster): Promise<void> {
  const bot = await cluster.startBot();
  attacked = await attack(cluster, bot, SHORT ? 5 : 20, SHORT ? 200 : 1000);
  await bot.stop();
}

function attackFailed(a: AttackResult): boolean {
  return (
    a.stored > 0 ||
    a.kinds.some((k) => k.wrong > 0) ||
    a.legit.failed > 0 ||
    a.health.failed > 0 ||
    a.slowClosed < a.slowSockets
  );
}

function printAttack(a: AttackResult): void {
  console.table(
    a.kinds.map((k) => ({
      'bad input': k.name,
      tried: k.tried,
      'not refused': k.wrong,
      statuses: [...k.statuses].join(' '),
      'p99 ms': Math.round(k.p99Ms),
      'max ms': Math.round(k.maxMs),
    })),
  );
  const f = (p: AttackResult['health']) =>
    `p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${p.max.toFixed(0)} ms, ${p.failed}/${p.count} failed`;
  console.log(`during the attack: /healthz ${f(a.health)}; legitimate 查询 ${f(a.legit)}`);
  console.log(
    `slow-loris: ${a.slowClosed}/${a.slowSockets} sockets closed by the server; stored from the attacker: ${a.stored}`,
  );
}

let fuzzed: FuzzFigures[] = [];

function print(): void {
  console.table(
    rows.map(({ scenario, tally: t, note, crashed }) => ({
      scenario,
      'msgs/s': Math.round(t.rps),
      'p50 ms': Math.round(t.p50),
      'p99 ms': Math.round(t.p99),
      'p999 ms': Math.round(t.p999),
      sent: t.sent,
      acked: t.acked,
      'gave up': t.gaveUp,
      retried: t.retried,
      走访: `${t.visitsStored}/${t.visitsAcked}`,
      resend: t.toldToResend,
      recovered: t.recovered,
      lost: t.lost,
      dup: t.duplicated,
      crashed: crashed ?? 0,
      note,
    })),
  );
  for (const r of rows) for (const s of r.tally.samples) console.log(`${r.scenario}: ${s}`);
  if (attacked) printAttack(attacked);
  if (fuzzed.length) {
    console.table(fuzzed.map((f) => ({ property: f.property, cases: f.runs, ms: Math.round(f.ms) })));
  }
}

const wanted = (name: string) => !ONLY || ONLY.includes(name);

async function main(): Promise<number> {
  const started = Date.now();
  let fuzzFailed = false;
  if (wanted('fuzz')) {
    try {
      fuzzed = fuzzParsers(SHORT ? 5_000 : 100_000);
    } catch (err) {
      console.error(err);
      fuzzFailed = true;
    }
  }
  const cluster = await startCluster(CHILDREN);
  console.log(
    `district: ${cluster.directors.length} active directors; set up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  try {
    if (wanted('load1')) await loadRun(cluster, 1);
    if (wanted('load2')) await loadRun(cluster, 2);
    if (wanted('pgstop')) await pgStopRun(cluster);
    if (wanted('sigkill')) await sigkillRun(cluster);
    if (wanted('attack')) await attackRun(cluster);
  } finally {
    print();
    await cluster.close();
  }
  const bad = rows.filter((r) => failed(r.tally) || (r.crashed ?? 0) > 0).map((r) => r.scenario);
  if (attacked && attackFailed(attacked)) bad.push('attack');
  if (fuzzFailed) bad.push('fuzz');
  console.log(
    bad.length === 0
      ? `stress: nothing acknowledged was lost or stored twice (${((Date.now() - started) / 1000).toFixed(0)} s)`
      : `stress: FAILED in ${bad.join(', ')}`,
  );
  return bad.length === 0 ? 0 : 1;
}

process.exit(await main());
