// `npm run dev:wecom`: the whole bot on this machine, with the fake WeCom API in place of Tencent.
// Starts the fake API, then the bot exactly as `npm start` does (embedded PostgreSQL unless
// DATABASE_URL is set), and reads chat lines from the terminal: each is encrypted, POSTed to
// /wecom/callback as WeCom would, and the passive reply is decrypted and printed. Every push the
// fake API receives (message/send, group robot) is printed too.
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../config.js';
import { freePort } from '../db/free-port.js';
import { createLogger } from '../logger.js';
import { type Running, shutdown, start } from '../main.js';
import { createAibotSender, createCallbackSender } from '../wecom/fake/sender.js';
import { type FakeRecord, startFakeWecom } from '../wecom/fake/server.js';

// Local-only credentials: the fake API and the bot share them, nothing leaves 127.0.0.1.
const DEV = {
  corpId: 'wwdevcorp00000000',
  agentId: 1000002,
  secret: 'dev-secret-for-the-fake-api',
  token: 'DevToken',
  encodingAesKey: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
};

const HELP = `Type a message and press Enter to send it as the current user.
  /user <userid>   talk as another WeCom user (now: %USER%)
  /enter           send the enter_agent event (the user opens the app)
  /bot <text>      send <text> to the intelligent bot route (/wecom/aibot)
  /help            this text
  /quit            stop everything (Ctrl-D works too)`;

async function main(): Promise<void> {
  const fake = await startFakeWecom({ corpId: DEV.corpId, secret: DEV.secret, agentId: DEV.agentId });
  fake.onRecord(printPush);

  const port = process.env.PORT ? Number(process.env.PORT) : await freePort();
  const config = loadConfig({
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: process.env.DATA_DIR ?? './data/dev-wecom',
    EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? String(await freePort()),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    WECOM_CORP_ID: DEV.corpId,
    WECOM_AGENT_ID: String(DEV.agentId),
    WECOM_SECRET: DEV.secret,
    WECOM_TOKEN: DEV.token,
    WECOM_ENCODING_AES_KEY: DEV.encodingAesKey,
    WECOM_AIBOT_TOKEN: DEV.token,
    WECOM_AIBOT_ENCODING_AES_KEY: DEV.encodingAesKey,
    WECOM_API_BASE: fake.url,
    WECOM_OAUTH_BASE: fake.url,
  });
  const log = createLogger(config.logLevel);
  const running: Running = { tasks: [], drains: [] };
  const stop = async () => {
    await shutdown(running, log);
    await fake.close();
  };

  try {
    await start(config, log, running);
  } catch (err) {
    log.fatal({ err }, 'the bot did not start');
    await stop().catch(() => undefined);
    process.exit(1);
  }

  const base = `http://127.0.0.1:${port}`;
  console.log(`\n关爱通 dev: bot on ${base}, fake WeCom API on ${fake.url}`);
  console.log(HELP.replace('%USER%', 'zhangsan'));
  console.log(`  workbench: open ${base}/web/me in a browser, signed in as the /user of the console`);
  fake.signIn('zhangsan');
  await converse(base, (user) => fake.signIn(user));
  await stop();
  process.exit(0);
}

async function converse(base: string, onUser: (user: string) => void): Promise<void> {
  const app = createCallbackSender({ ...DEV });
  const bot = createAibotSender({ token: DEV.token, encodingAesKey: DEV.encodingAesKey });
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  rl.on('SIGINT', () => rl.close());
  let user = 'zhangsan';
  let msgId = BigInt(Date.now()) * 1000n;

  rl.setPrompt(`${user}> `);
  rl.prompt();
  for await (const line of rl) {
    const input = line.trim();
    try {
      if (input === '/quit') break;
      if (input === '/help') console.log(HELP.replace('%USER%', user));
      else if (input.startsWith('/user ')) {
        user = input.slice(6).trim() || user;
        onUser(user);
      } else if (input === '/enter') await sendApp(base, app, app.eventXml({ user, event: 'enter_agent' }));
      else if (input.startsWith('/bot ')) await sendBot(base, bot, user, input.slice(5), String(++msgId));
      else if (input !== '')
        await sendApp(base, app, app.textXml({ user, text: input, msgId: String(++msgId) }));
    } catch (err) {
      console.log(`  ! ${(err as Error).message}`);
    }
    rl.setPrompt(`${user}> `);
    rl.prompt();
  }
  rl.close();
}

async function sendApp(
  base: string,
  app: ReturnType<typeof createCallbackSender>,
  xml: string,
): Promise<void> {
  const delivery = app.deliver(xml);
  const res = await fetch(`${base}/wecom/callback?${delivery.query}`, {
    method: 'POST',
    body: delivery.body,
  });
  const body = await res.text();
  if (res.status !== 200) console.log(`  ! HTTP ${res.status} ${body}`);
  else if (body === '')
    console.log('  (200, empty: any reply comes through the API and is printed as a push)');
  else console.log(`  bot: ${app.openReply(body).content.replaceAll('\n', '\n       ')}`);
}

async function sendBot(
  base: string,
  bot: ReturnType<typeof createAibotSender>,
  user: string,
  text: string,
  msgId: string,
): Promise<void> {
  let message: Record<string, unknown> = {
    msgid: msgId,
    aibotid: 'DEVBOT',
    chattype: 'single',
    from: { userid: user },
    msgtype: 'text',
    text: { content: text },
  };
  // Follow the stream as WeCom does: ask again until the reply says finish=true.
  for (let round = 0; round < 30; round++) {
    const delivery = bot.deliver(message);
    const res = await fetch(`${base}/wecom/aibot?${delivery.query}`, { method: 'POST', body: delivery.body });
    const body = await res.text();
    if (res.status !== 200 || body === '') {
      console.log(`  ! HTTP ${res.status} ${body || '(empty)'}`);
      return;
    }
    const reply = bot.openReply(body, new URLSearchParams(delivery.query).get('nonce') ?? '');
    if (!reply.stream) {
      console.log(`  bot: ${reply.text?.content ?? JSON.stringify(reply)}`);
      return;
    }
    if (reply.stream.finish) {
      console.log(`  bot (stream): ${reply.stream.content ?? ''}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    message = { msgtype: 'stream', stream: { id: reply.stream.id } };
  }
}

function printPush(record: FakeRecord): void {
  if (record.errcode !== 0 || (record.api !== 'message/send' && record.api !== 'webhook/send')) return;
  const to = record.api === 'webhook/send' ? 'group robot' : (record.touser ?? []).join('|');
  const dropped = record.dropped?.length
    ? ` [dropped by WeCom's 30/min limit: ${record.dropped.join('|')}]`
    : '';
  console.log(
    `\n  [push → ${to}, ${record.msgtype}]${dropped}\n  ${(record.content ?? '').replaceAll('\n', '\n  ')}`,
  );
}

void main();
