// `npm run bench:subsidy`: the money side of R5 on a generated district (default 100,000
// children in streets of 5,000): the month's payment list for every street (what 补贴 and
// 报表 compute), the .xlsx report, recording one street's month paid, and the quarterly
// forecast. An embedded PostgreSQL in a temporary folder; no set-up needed.
//   BENCH_SIZE (default 100000), BENCH_TODAY (default 2026-12-03)
import pg from 'pg';
import { forecastQuarter, recordPayment, streetMonths } from '../src/casework/subsidy.js';
import { createDb } from '../src/db/client.js';
import { parseQuarter } from '../src/policy/index.js';
import { paymentWorkbook } from '../src/reports/subsidy-xlsx.js';
import { withGeneratedDistrict } from './digest-data.js';

const SIZE = Number(process.env.BENCH_SIZE ?? 100_000);
const TODAY = process.env.BENCH_TODAY ?? '2026-12-03';
const MONTH = `${TODAY.slice(0, 7)}-01`;
const settings = { payFrom: 'next_month' as const };

async function timed<T>(label: string, body: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await body();
  console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return result;
}

async function main(): Promise<void> {
  await withGeneratedDistrict(SIZE, TODAY, async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `INSERT INTO "SubsidyRate" (category, "fromMonth", amount)
       SELECT g, '2020-01-01', CASE g WHEN 'C1' THEN 2600 ELSE 1800 END
       FROM unnest(ARRAY['C1','C2','C3','C4','C5','C6']) AS g`,
    );
    const { rows: officers } = await client.query<{ id: number }>(`SELECT id FROM "Staff" LIMIT 1`);
    await client.end();

    const db = createDb(url);
    const streets = await db.street.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } });
    console.log(`${SIZE} children in ${streets.length} streets`);
    const months = await timed('payment list, every street (补贴 / 报表 for district staff)', () =>
      streetMonths(db, streets, MONTH, settings),
    );
    const people = months.reduce((n, s) => n + s.children.length, 0);
    console.log(`  ${people} children on the list`);
    const book = await timed('payment report .xlsx, every street', () => paymentWorkbook(MONTH, months));
    console.log(`  ${(book.length / 1024).toFixed(0)} KB`);
    await timed('payment list, one street (补贴 for a street officer)', () =>
      streetMonths(db, streets.slice(0, 1), MONTH, settings),
    );
    await timed('record one street’s month paid (补贴 … 已发放)', () =>
      recordPayment(
        db,
        { id: officers[0]!.id, via: 'cli' },
        { streetId: streets[0]!.id, month: MONTH, paidOn: TODAY },
        settings,
      ),
    );
    await timed('quarterly forecast, every street', () =>
      forecastQuarter(db, streets, parseQuarter('2027Q1')!, settings),
    );
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
