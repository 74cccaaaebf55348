// `npm run report -- payments 2026-12 [--street 平江街道] [--out 文件夹]`: the monthly payment
// report (R5.2) as .xlsx; `npm run report -- forecast 2027Q1 …`: the quarterly forecast (R5.3);
// `npm run report -- rates`: the standard amounts. The same numbers as 补贴 / 报表 in chat, for
// the whole district unless --street names one. Reading only: nothing is recorded as reported.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  forecastQuarter,
  loadRates,
  monthText,
  registerStartMonth,
  streetMonths,
} from '../casework/subsidy.js';
import { formatYuan, monthOf, parseQuarter, toLocalDate } from '../policy/index.js';
import { forecastWorkbook, paymentWorkbook } from '../reports/subsidy-xlsx.js';
import { runMain, withDatabase } from './run.js';

const USAGE = [
  '用法：',
  '  npm run report -- payments 2026-12 [--street 平江街道] [--out 文件夹]',
  '  npm run report -- forecast 2027Q1 [--street 平江街道] [--out 文件夹]',
  '  npm run report -- rates',
].join('\n');

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { street: { type: 'string' }, out: { type: 'string', default: '.' } },
  });
  const [kind, when = ''] = positionals;
  if (kind !== 'payments' && kind !== 'forecast' && kind !== 'rates') {
    console.error(USAGE);
    return 2;
  }
  return withDatabase(async ({ db, config }) => {
    const settings = { payFrom: config.subsidyPayFrom };
    if (kind === 'rates') {
      for (const r of await loadRates(db))
        console.log(`${r.category}\t${monthText(r.fromMonth)}起\t${formatYuan(r.fen)}元`);
      return 0;
    }
    const streets = await db.street.findMany({
      where: values.street ? { name: values.street } : {},
      select: { id: true, name: true },
      orderBy: { id: 'asc' },
    });
    if (streets.length === 0) {
      console.error(values.street ? `没有街道“${values.street}”。` : '还没有街道。');
      return 1;
    }
    const scope = values.street ?? '全区';
    if (kind === 'payments') {
      const month = /^\d{4}-\d{2}$/.test(when) ? `${when}-01` : undefined;
      if (!month) {
        console.error(`月份应写成 YYYY-MM：${when}\n${USAGE}`);
        return 2;
      }
      if (month > monthOf(toLocalDate(new Date()))) {
        console.error(`${monthText(month)}还没到。`);
        return 1;
      }
      const start = await registerStartMonth(db);
      if (start === null || month < start) {
        console.error(
          start ? `名册从${monthText(start)}开始，没有${monthText(month)}的补贴记录。` : '名册里还没有儿童。',
        );
        return 1;
      }
      const months = await streetMonths(db, streets, month, settings);
      const file = path.resolve(values.out!, `生活补贴发放表_${when}_${scope}.xlsx`);
      await writeFile(file, await paymentWorkbook(month, months));
      const people = months.reduce((n, s) => n + s.children.length, 0);
      const fen = months.reduce((n, s) => n + s.totalFen, 0);
      console.log(`${monthText(month)}：${people}人，${formatYuan(fen)}元 → ${file}`);
      return 0;
    }
    const quarter = parseQuarter(when);
    if (!quarter) {
      console.error(`季度应写成如 2027Q1：${when}\n${USAGE}`);
      return 2;
    }
    const forecasts = await forecastQuarter(db, streets, quarter, settings);
    const file = path.resolve(values.out!, `补贴预测_${quarter.key}_${scope}.xlsx`);
    await writeFile(file, await forecastWorkbook(forecasts));
    const fen = forecasts.reduce((n, f) => n + f.totalFen, 0);
    console.log(`${quarter.key}：预计资金${formatYuan(fen)}元 → ${file}`);
    return 0;
  });
}

runMain(main);
