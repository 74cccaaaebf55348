// `npm run chat -- --user <wecom userid>`: the same commands as in WeCom, in a terminal.
// Lines in, replies out; works interactively and with input piped from a file. Pushes
// (urgent reports, notices) are written to the delivery log, and the running server sends them.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { createChatHandler } from '../chat/router.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createOutbox } from '../digest/outbox.js';
import { createLogger } from '../logger.js';
import { runMain } from './run.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { user: { type: 'string', short: 'u' }, out: { type: 'string' } },
  });
  if (!values.user) {
    console.error('用法：npm run chat -- --user <企业微信 userid>，例如 npm run chat -- --user zr_pjl');
    return 2;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, false);
  const database = await openDatabase(config, log);
  const outbox = createOutbox({ db: database.db, log });
  const handler = createChatHandler({
    db: database.db,
    log,
    via: 'cli',
    settings: { markdown: false, subsidyPayFrom: config.subsidyPayFrom },
    notifier: {
      async push(message) {
        await outbox.push(message);
        console.log(`（已加入推送队列，发给：${message.recipients.join('、')}；服务运行时会立即发出）`);
      },
    },
  });

  const interactive = Boolean(process.stdin.isTTY);
  const lines = readline.createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
  });
  if (interactive) console.log(`以 ${values.user} 的身份对话，Ctrl-D 结束。`);
  let n = 0;
  try {
    for await (const line of lines) {
      if (!line.trim()) continue;
      const reply = await handler({
        kind: 'text',
        userId: values.user,
        text: line,
        msgId: `cli-${Date.now()}-${n++}`,
        createdAt: new Date(),
      });
      if (!interactive) console.log(`> ${line}`);
      console.log(`${reply?.text ?? '（无回复）'}\n`);
      if (reply?.file) {
        // In WeCom the file arrives as a file message; here it is saved beside the data folder.
        const saved = path.resolve(values.out ?? '.', reply.file.filename);
        await writeFile(saved, reply.file.data);
        console.log(`（文件已保存：${saved}）\n`);
      }
    }
  } finally {
    await database.close();
  }
  return 0;
}

runMain(main);
