// `npm run export -- roster.xlsx [--street <街道>]`: the register in the roster's layout, one
// row per child with a summary of the child's file; importing it again changes nothing.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportRoster } from '../onboarding/roster-export.js';
import { runMain, withDatabase } from './run.js';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { street: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file || path.extname(file).toLowerCase() !== '.xlsx') {
    console.error('用法：npm run export -- <名册.xlsx> [--street <街道>]');
    return 2;
  }
  const count = await withDatabase(({ db }) => exportRoster(db, file, { street: values.street }));
  console.log(`已导出 ${count} 名在册儿童到 ${file}。`);
  return 0;
}

runMain(main);
