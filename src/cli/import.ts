// `npm run import -- roster.xlsx [--as <userid>] [--dry-run]`: the children's roster from a
// street's spreadsheet (.xlsx, or .csv in UTF-8 or GBK). Every row is checked first; with any
// problem nothing is imported and a report with the problem cells marked is written beside
// the file. Re-importing is the monthly update (R4.4).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createLogger } from '../logger.js';
import { createProgress, OperatorError, resolveActor } from '../onboarding/operator.js';
import { importRoster } from '../onboarding/roster-import.js';
import { RosterFileError } from '../onboarding/roster-read.js';
import { toLocalDate } from '../policy/index.js';
import { runMain } from './run.js';

const USAGE = '用法：npm run import -- <名册.xlsx|名册.csv> [--as <企业微信userid>] [--dry-run]';
const PHASES = { validate: '检查', write: '写入' } as const;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { as: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, false);
  const database = await openDatabase(config, log);
  const progress = createProgress();
  try {
    const actorId = await resolveActor(database.db, values.as);
    const result = await importRoster(database.db, file, {
      today: toLocalDate(new Date()),
      actorId,
      dryRun: values['dry-run'],
      onProgress: (phase, done, total) => progress(PHASES[phase], done, total),
    });
    for (const line of result.lines) console.log(line);
    return result.status === 'invalid' ? 1 : 0;
  } catch (err) {
    if (err instanceof RosterFileError || err instanceof OperatorError) {
      console.error(err.userMessage);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

runMain(main);
