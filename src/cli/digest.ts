// `npm run digest -- --date YYYY-MM-DD [--dry-run]`: builds the digests for a day. With
// --dry-run it only prints them (operators check a day, tests travel in time); without, it
// runs the day like the scheduler does (the day's lock, the delivery log) and sends through
// WeCom when it is configured, else leaves the rows for a server that can send.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import type { BuildProgress } from '../digest/build.js';
import { createOutbox, wecomSender } from '../digest/outbox.js';
import { runDigest } from '../digest/run.js';
import { createLogger } from '../logger.js';
import { isLocalDate, toLocalDate } from '../policy/index.js';
import { createWecomApi } from '../wecom/api.js';
import { runMain } from './run.js';

const USAGE = '用法：npm run digest -- --date 2026-12-03 [--dry-run]';

function progress(p: BuildProgress): void {
  // One line per chunk of children, on stderr so that --dry-run output stays clean.
  console.error(`已处理 ${p.children}/${p.total} 名儿童，读取走访和服务记录 ${p.records} 条`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { date: { type: 'string', short: 'd' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const today = values.date ?? toLocalDate(new Date());
  if (!isLocalDate(today)) {
    console.error(`日期应写成 YYYY-MM-DD：${today}\n${USAGE}`);
    return 2;
  }
  // A real run records and sends the day's digests now and marks the day done, so only today's
  // may be run by hand; any other day can be looked at with --dry-run.
  if (!values['dry-run'] && today !== toLocalDate(new Date())) {
    console.error(
      `只能正式生成今天（${toLocalDate(new Date())}）的日报；查看其他日期请加 --dry-run。\n${USAGE}`,
    );
    return 2;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, false);
  const database = await openDatabase(config, log);
  try {
    const api = config.wecom ? createWecomApi({ wecom: config.wecom, log }) : undefined;
    const outbox = createOutbox({ db: database.db, log, sender: api ? wecomSender(api) : undefined });
    const result = await runDigest({
      db: database.db,
      log,
      outbox,
      today,
      runner: `cli:${os.hostname()}:${process.pid}`,
      dryRun: values['dry-run'],
      send: Boolean(api),
      onProgress: progress,
    });

    const out: string[] = [];
    for (const digest of result.digests)
      out.push(`=== ${digest.recipient}（${digest.items} 项）\n${digest.text}\n`);
    if (result.status === 'dry-run') {
      out.push(`${today}：共 ${result.digests.length} 份日报（仅预览，未记录、未发送）。`);
    } else if (result.status === 'ran') {
      const sent = result.sent
        ? `已发送 ${result.sent.sent} 条，失败 ${result.sent.failed} 条（失败的会自动重试）。`
        : '未配置企业微信：已写入推送记录，等待能发送的服务实例发出。';
      out.push(`${today}：共 ${result.digests.length} 份日报，新记录 ${result.recorded} 条。${sent}`);
    } else {
      const why = result.status === 'already-done' ? '当天日报已由其他实例生成' : '当天日报正由其他实例生成';
      out.push(`${today}：${why}，本次未重复生成。`);
    }
    // process.exit would cut a long output still queued for a pipe; wait until it is written.
    await new Promise<void>((resolve) => process.stdout.write(`${out.join('\n')}\n`, () => resolve()));
    return 0;
  } finally {
    await database.close();
  }
}

runMain(main);
