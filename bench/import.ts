// `npm run bench:import`: a generated roster of BENCH_ROWS (default 10,000) children in 10
// streets and 100 communities, written as .xlsx and imported into a fresh embedded
// PostgreSQL; then the same file again (the monthly update with no changes), and the export.
// The target is under 30 s for the first import of 10,000 rows.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createDb } from '../src/db/client.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { freePort } from '../src/db/free-port.js';
import { migrateDeploy } from '../src/db/migrate.js';
import { COLUMNS } from '../src/onboarding/headers.js';
import { exportRoster } from '../src/onboarding/roster-export.js';
import { importRoster } from '../src/onboarding/roster-import.js';
import { CATEGORY_CODES, idCheckCharacter } from '../src/policy/index.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const TODAY = '2026-12-03';
const SURNAMES = '张王李赵陈刘杨黄周吴徐孙朱马胡郭林何高罗';
const GIVEN = [
  '小明',
  '欣怡',
  '子轩',
  '雨桐',
  '浩然',
  '思琪',
  '一鸣',
  '佳怡',
  '天佑',
  '梓涵',
  '俊杰',
  '诗涵',
];

async function writeRoster(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名册');
  sheet.addRow(COLUMNS.map((c) => c.header));
  for (let i = 0; i < ROWS; i++) {
    const birth = new Date(Date.UTC(2009, 0, 1) + (i % 5800) * 86_400_000).toISOString().slice(0, 10);
    const body = `320508${birth.replace(/-/g, '')}${String(i % 1000).padStart(3, '0')}`;
    const idNumber = body + idCheckCharacter(body);
    const street = i % 10;
    const community = (i % 100) % 10;
    const tier = [1, 2, 3, 3, 4, 4, 4, 4][i % 8]!;
    sheet.addRow([
      `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i >> 3) % GIVEN.length]}`,
      idNumber,
      '',
      '',
      `街道${street}`,
      `社区${street}-${community}`,
      CATEGORY_CODES[i % CATEGORY_CODES.length],
      String(tier),
      '2026-10-15',
      `zr_${street}_${community}`,
      `祖母 王秀${i % 10}`,
      `138${String(i).padStart(8, '0')}`,
      `平江路${i}号`,
      '',
    ]);
  }
  await workbook.xlsx.writeFile(file);
}

async function seedPlaces(db: ReturnType<typeof createDb>): Promise<void> {
  const district = await db.district.create({ data: { name: '姑苏区' } });
  for (let s = 0; s < 10; s++) {
    const street = await db.street.create({ data: { districtId: district.id, name: `街道${s}` } });
    for (let c = 0; c < 10; c++) {
      const community = await db.community.create({ data: { streetId: street.id, name: `社区${s}-${c}` } });
      await db.staff.create({
        data: {
          userid: `zr_${s}_${c}`,
          name: `主任${s}${c}`,
          role: 'director',
          streetId: street.id,
          communityId: community.id,
        },
      });
    }
  }
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await run();
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return result;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gat-bench-import-'));
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'bench',
  });
  try {
    await migrateDeploy(server.url);
    const db = createDb(server.url, 10);
    await seedPlaces(db);
    const file = path.join(dir, 'roster.xlsx');
    await timed(`write ${ROWS}-row roster.xlsx`, () => writeRoster(file));

    const first = await timed(`first import of ${ROWS} rows (read, validate, write)`, () =>
      importRoster(db, file, { today: TODAY, actorId: null }),
    );
    console.log(`  ${first.lines.at(-1)}`);
    const again = await timed('re-import of the same file (monthly update, no changes)', () =>
      importRoster(db, file, { today: TODAY, actorId: null }),
    );
    console.log(`  ${again.lines.at(-1)}`);
    const exported = path.join(dir, 'export.xlsx');
    await timed('export', () => exportRoster(db, exported));
    await db.$disconnect();
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
