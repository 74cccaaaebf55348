// `npm run demo`: fills an empty database (the configured one, embedded by default) with
// the demo district. Refuses, changing nothing, when the database already holds data.
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { DemoRefused, fillDemo } from '../demo/demo.js';
import { createLogger } from '../logger.js';
import { toLocalDate } from '../policy/index.js';
import { runMain } from './run.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await openDatabase(config, log);
  try {
    const today = toLocalDate(new Date());
    const summary = await fillDemo(database.db, today);
    console.log(
      `已装入演示数据（以 ${today} 为今天）：${summary.streets} 个街道、${summary.communities} 个社区、` +
        `${summary.staff} 名工作人员、${summary.children} 名儿童、${summary.assessments} 次评估、` +
        `${summary.visits} 次走访、${summary.services} 次个案服务。`,
    );
    console.log(
      '试试：npm run chat -- --user zr_pjl（平江路社区儿童主任），或 npm start 后在企业微信中使用。',
    );
    return 0;
  } catch (err) {
    if (err instanceof DemoRefused) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

runMain(main);
