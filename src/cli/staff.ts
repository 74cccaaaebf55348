// `npm run staff -- <add|list|move|deactivate|sync> …`: the staff directory from a terminal.
// Streets and communities are created on first mention; every change is audited (via 'cli'),
// with the operator as actor when `--as <userid>` is given.
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { openDatabase } from '../db/database.js';
import { createLogger, type Logger } from '../logger.js';
import { OperatorError, resolveActor } from '../onboarding/operator.js';
import { addStaff, deactivateStaff, isRole, listStaff, moveStaff } from '../onboarding/staff.js';
import { applySync, hasChanges, planSync, syncLines } from '../onboarding/staff-sync.js';
import { createWecomApi } from '../wecom/api.js';
import { runMain } from './run.js';

const USAGE = [
  '用法：',
  '  npm run staff -- add --userid <账号> --name <姓名> --role director|supervisor|street|district [--street <街道>] [--community <社区>]',
  '  npm run staff -- list [--street <街道>] [--all]',
  '  npm run staff -- move --userid <账号> --street <街道> [--community <社区>]',
  '  npm run staff -- deactivate --userid <账号>',
  '  npm run staff -- sync [--yes]',
  '  以上均可加 --as <操作人账号>，记入操作日志。',
].join('\n');

const OPTIONS = {
  userid: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  street: { type: 'string' },
  community: { type: 'string' },
  as: { type: 'string' },
  all: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function run(db: Db, log: Logger, command: string, values: Values): Promise<string[]> {
  const actorId = await resolveActor(db, values.as);
  const place = { street: values.street, community: values.community };
  switch (command) {
    case 'add':
      if (!values.userid || !values.name || !isRole(values.role)) throw new OperatorError(USAGE);
      return addStaff(db, { userid: values.userid, name: values.name, role: values.role, ...place }, actorId);
    case 'list':
      return listStaff(db, { street: values.street, all: values.all });
    case 'move':
      if (!values.userid || !values.street) throw new OperatorError(USAGE);
      return moveStaff(db, values.userid, place, actorId);
    case 'deactivate':
      if (!values.userid) throw new OperatorError(USAGE);
      return deactivateStaff(db, values.userid, actorId);
    case 'sync':
      return sync(db, log, Boolean(values.yes), actorId);
    default:
      throw new OperatorError(USAGE);
  }
}

async function sync(db: Db, log: Logger, yes: boolean, actorId: number | null): Promise<string[]> {
  const config = loadConfig();
  if (!config.wecom)
    throw new OperatorError('同步需要企业微信配置（WECOM_CORP_ID、WECOM_SECRET 等），请先设置环境变量。');
  const plan = await planSync(db, createWecomApi({ wecom: config.wecom, log }));
  const lines = syncLines(plan);
  if (!hasChanges(plan)) return lines;
  for (const line of lines) console.log(line);
  if (!yes) {
    if (!process.stdin.isTTY) return ['未确认，没有做任何更改。确认无误后加 --yes 重新运行。'];
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question('应用以上更改？输入 y 确认：');
    rl.close();
    if (answer.trim().toLowerCase() !== 'y') return ['已取消，没有做任何更改。'];
  }
  return applySync(db, plan, actorId);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: OPTIONS, allowPositionals: true });
  const command = positionals[0];
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, false);
  const database = await openDatabase(config, log);
  try {
    for (const line of await run(database.db, log, command, values)) console.log(line);
    return 0;
  } catch (err) {
    if (err instanceof OperatorError) {
      console.error(err.userMessage);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

runMain(main);
