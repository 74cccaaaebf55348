// A generated district for the digest benchmark: streets of 5,000 children, a director per
// 100 children, five years of levels, visits and services from the policy benchmark's
// generator (bench/policy-history.ts), and a few urgent reports and lapsed categories.
// Written as tab-separated files and loaded with server-side COPY, which the embedded
// PostgreSQL (same machine, superuser) allows.
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { freePort } from '../src/db/free-port.js';
import { migrateDeploy } from '../src/db/migrate.js';
import { addDays, type LocalDate, reviewDate } from '../src/policy/index.js';
import { createRandom, makeHistories } from './policy-history.js';

const CHILDREN_PER_STREET = 5_000;
const CHILDREN_PER_DIRECTOR = 100;

class Table {
  private readonly out;
  rows = 0;
  constructor(
    readonly file: string,
    readonly name: string,
    readonly columns: string[],
  ) {
    this.out = createWriteStream(file);
  }
  row(values: (string | number | null)[]): void {
    this.rows++;
    if (!this.out.write(`${values.map((v) => (v === null ? '\\N' : String(v))).join('\t')}\n`)) {
      // Back-pressure is ignored on purpose: the files are written once, then closed.
    }
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}

export interface Generated {
  children: number;
  visits: number;
  services: number;
  periods: number;
}

/**
 * Generates `count` children with five years of history up to `today` and loads them; a
 * director (and community) per `perDirector` children, 100 unless given.
 */
export async function generateDistrict(
  client: pg.Client,
  dir: string,
  count: number,
  today: string,
  perDirector = CHILDREN_PER_DIRECTOR,
): Promise<Generated> {
  await chmod(dir, 0o755);
  const t = (name: string, columns: string[]) => new Table(path.join(dir, `${name}.tsv`), name, columns);
  const streets = t('Street', ['id', 'districtId', 'name']);
  const communities = t('Community', ['id', 'streetId', 'name']);
  const staff = t('Staff', [
    'id',
    'userid',
    'name',
    'role',
    'streetId',
    'communityId',
    'active',
    'updatedAt',
  ]);
  const children = t('Child', [
    'id',
    'name',
    'idNumber',
    'sex',
    'birthDate',
    'streetId',
    'communityId',
    'directorId',
    'updatedAt',
  ]);
  const categories = t('ChildCategory', ['childId', 'code', 'startsOn', 'evidenceUntil']);
  const assessments = t('Assessment', ['id', 'childId', 'assessedOn', 'assessorId', 'tier']);
  const periods = t('ProtectionPeriod', ['childId', 'level', 'startOn', 'reviewOn', 'assessmentId']);
  const visits = t('Visit', ['childId', 'visitedOn', 'staffId', 'kind']);
  const services = t('ServiceSession', ['childId', 'servedOn', 'staffId', 'type', 'recipient']);
  const urgent = t('UrgentReport', ['childId', 'childName', 'reporterId', 'reportedAt', 'content']);
  const tables = [
    streets,
    communities,
    staff,
    children,
    categories,
    assessments,
    periods,
    visits,
    services,
    urgent,
  ];

  const random = createRandom(7);
  const now = new Date().toISOString();
  const streetCount = Math.max(1, Math.ceil(count / CHILDREN_PER_STREET));
  let staffId = 0;
  staff.row([++staffId, 'qu_1', '区民卫局一', 'district', null, null, 't', now]);
  staff.row([++staffId, 'qu_2', '区民卫局二', 'district', null, null, 't', now]);
  const supervisorOf: number[] = [];
  for (let s = 1; s <= streetCount; s++) {
    streets.row([s, 1, `街道${s}`]);
    supervisorOf[s] = ++staffId;
    staff.row([staffId, `dd_${s}`, `督导员${s}`, 'supervisor', s, null, 't', now]);
    staff.row([++staffId, `jd_${s}`, `民政专干${s}`, 'street', s, null, 't', now]);
  }

  const histories = makeHistories(count, today);
  let assessmentId = 0;
  let directorId = 0;
  let communityId = 0;
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const street = Math.floor(i / CHILDREN_PER_STREET) + 1;
    if (i % perDirector === 0) {
      communityId++;
      communities.row([communityId, street, `社区${communityId}`]);
      directorId = ++staffId;
      // One director in fifty has left: their children fall to the supervisor.
      const active = communityId % 50 === 0 ? 'f' : 't';
      staff.row([
        staffId,
        `zr_${communityId}`,
        `儿童主任${communityId}`,
        'director',
        street,
        communityId,
        active,
        now,
      ]);
    }
    const h = histories[i]!;
    children.row([
      id,
      `儿童${id}`,
      `B${String(id).padStart(17, '0')}`,
      'male',
      h.birthDate!,
      street,
      communityId,
      directorId,
      now,
    ]);
    // One child in a hundred rests on a 低保 certificate that ran out last month.
    categories.row([id, 'C5a', '2020-01-01', i % 100 === 0 ? addDays(today, -20) : null]);
    for (const p of h.periods) {
      assessments.row([++assessmentId, id, p.start, supervisorOf[street]!, p.level]);
      periods.row([id, p.level, p.start, reviewDate(p.level, p.start), assessmentId]);
    }
    for (const v of h.visits) visits.row([id, v.on, directorId, v.kind]);
    for (const s of h.services) services.row([id, s.on, directorId, s.type, s.recipient]);
    if (random(2000) === 0)
      urgent.row([id, `儿童${id}`, directorId, `${addDays(today, -3)}T09:00:00+08:00`, '无人照看']);
  }
  histories.length = 0;
  await Promise.all(tables.map((table) => table.close()));

  await client.query(`INSERT INTO "District" (id, name) VALUES (1, '基准区')`);
  for (const table of tables) {
    const columns = table.columns.map((c) => `"${c}"`).join(', ');
    await client.query(`COPY "${table.name}" (${columns}) FROM '${table.file}'`);
  }
  for (const name of ['District', 'Street', 'Community', 'Staff', 'Child', 'Assessment']) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence('"${name}"', 'id'), (SELECT max(id) FROM "${name}"))`,
    );
  }
  await client.query('ANALYZE');
  return { children: count, visits: visits.rows, services: services.rows, periods: periods.rows };
}

/**
 * A throw-away embedded PostgreSQL in a temporary folder, migrated and filled with a generated
 * district of `size` children, for a benchmark's `body`; stopped and removed afterwards.
 */
export async function withGeneratedDistrict<T>(
  size: number,
  today: LocalDate,
  body: (url: string, generated: Generated) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gat-bench-'));
  const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
  try {
    await migrateDeploy(server.url);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const data = path.join(dir, 'data');
    await mkdir(data);
    const loadStart = performance.now();
    const generated = await generateDistrict(client, data, size, today);
    await client.end();
    console.log(
      `${size} children: loaded ${generated.visits} visits, ${generated.services} services in ` +
        `${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
    );
    return await body(server.url, generated);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
