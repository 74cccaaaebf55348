// `npm run bench:policy`: duties (R3, R4.2, R4.5) for 10,000 and 100,000 children with five
// years of history each, in one process; reports time and memory. Target: 100,000 children in
// under 2 seconds, growing linearly. Each phase runs three times and the fastest is shown
// with the median, since a shared machine disturbs single runs. BENCH_SIZES overrides the
// sizes, e.g. BENCH_SIZES=1000,50000.
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ChildHistory } from '../src/policy/duties.js';
import { dutiesFor } from '../src/policy/duties.js';
import { childTodo } from '../src/policy/todo.js';
import { makeHistories } from './policy-history.js';

const TODAY = '2026-12-03';
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);

// Lets the benchmark settle the heap between phases without a command-line flag.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(0)} MB`;
}

function heap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

// Garbage-collection pauses, summed, so a phase's time can be split into work and GC.
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

interface Timed<T> {
  result: T;
  ms: number;
  cpuMs: number;
  gcMs: number;
}

/** Wall time, CPU time (user + system, all threads) and GC pauses of one phase. */
async function time<T>(run: () => T): Promise<Timed<T>> {
  // Let the entries of earlier collections arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const gcBefore = gcMs;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  // GC entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { result, ms, cpuMs: (used.user + used.system) / 1000, gcMs: gcMs - gcBefore };
}

function describe<T>(timed: Timed<T>, count: number): string {
  const perChild = ((timed.ms * 1000) / count).toFixed(2);
  return `${timed.ms.toFixed(0)} ms wall (${perChild} µs/child; cpu ${timed.cpuMs.toFixed(0)} ms, gc ${timed.gcMs.toFixed(0)} ms)`;
}

const ROUNDS = 3;

/** Runs a phase ROUNDS times; keeps the fastest (the least disturbed by other processes). */
async function best<T>(run: () => T): Promise<Timed<T> & { medianMs: number }> {
  const rounds: Timed<T>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    heap();
    rounds.push(await time(run));
  }
  const byTime = [...rounds].sort((a, b) => a.ms - b.ms);
  return { ...byTime[0]!, medianMs: byTime[Math.floor(ROUNDS / 2)]!.ms };
}

function line(
  name: string,
  timed: Timed<unknown> & { medianMs: number },
  count: number,
  extra: string,
): string {
  return `  ${name.padEnd(30)}${describe(timed, count)}, median ${timed.medianMs.toFixed(0)} ms, ${extra}`;
}

async function measure(count: number): Promise<void> {
  const before = heap();
  const built = await time(() => makeHistories(count, TODAY));
  const children: ChildHistory[] = built.result;
  const records = children.reduce((n, c) => n + c.visits.length + c.services.length + c.periods.length, 0);
  const historyBytes = heap() - before;

  // Warm up the JIT on a slice, as a long-running server would be.
  for (const child of children.slice(0, 2000)) dutiesFor(child, TODAY);

  const duties = await best(() => children.map((child) => dutiesFor(child, TODAY)));
  const dutyItems = duties.result.reduce((n, r) => n + r.current.length + r.overdue.length, 0);
  const mix = [1, 2, 3, 4].map((level) => duties.result.filter((r) => r.level === level).length);
  const resultBytes = heap() - before - historyBytes;
  duties.result.length = 0;

  const todo = await best(() => children.map((child) => childTodo(child, TODAY)));
  const todoItems = todo.result.reduce((n, items) => n + items.length, 0);
  todo.result.length = 0;

  const full = await best(() => children.map((child) => dutiesFor(child, TODAY, { since: '2021-12-01' })));
  const fullItems = full.result.reduce((n, r) => n + r.current.length + r.overdue.length, 0);
  full.result.length = 0;

  const perCent = mix.map((n, i) => `${i + 1}: ${((n * 100) / count).toFixed(0)}%`).join(', ');
  console.log(
    `\n${count.toLocaleString('en')} children, ${records.toLocaleString('en')} records (${(records / count).toFixed(0)} per child)`,
  );
  console.log(`  levels in force today: ${perCent}`);
  console.log(
    `  build histories               ${built.ms.toFixed(0)} ms, history heap ${megabytes(historyBytes)}`,
  );
  console.log(
    line(
      'dutiesFor (since level start)',
      duties,
      count,
      `${dutyItems.toLocaleString('en')} items, result heap ${megabytes(resultBytes)}`,
    ),
  );
  console.log(line('childTodo (7-day horizon)', todo, count, `${todoItems.toLocaleString('en')} items`));
  console.log(line('dutiesFor (all five years)', full, count, `${fullItems.toLocaleString('en')} items`));
  console.log(`  process rss ${megabytes(process.memoryUsage().rss)}`);
}

console.log(`policy benchmark, node ${process.version}, today ${TODAY}`);
for (const size of SIZES) await measure(size);
