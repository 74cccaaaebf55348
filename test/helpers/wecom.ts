import { appendFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll } from 'vitest';
import type { Logger } from '../../src/logger.js';
import { type FakeWecom, type FakeWecomOptions, startFakeWecom } from '../../src/wecom/fake/server.js';

/** The B test-vector app of docs/wecom.md, as environment variables. */
export const WECOM_ENV = {
  WECOM_CORP_ID: 'ww1234567890abcdef',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'test-secret-never-logged',
  WECOM_TOKEN: 'QwTestToken2024',
  WECOM_ENCODING_AES_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
} as const;

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface CapturedLog {
  log: Logger;
  lines: LogLine[];
  /** Every line as written, for "never appears in a log" checks. */
  raw(): string;
  at(level: 'info' | 'warn' | 'error'): LogLine[];
}

const LEVELS = { info: 30, warn: 40, error: 50 } as const;

/** A real pino logger at debug whose lines are kept for the test to read. */
export function captureLog(): CapturedLog {
  const written: string[] = [];
  const scanned = process.env.GAT_TEST_LOG_FILE;
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      if (scanned) appendFileSync(scanned, chunk);
      done();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  const lines = () =>
    written.flatMap((w) => w.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as LogLine);
  return {
    log,
    get lines() {
      return lines();
    },
    raw: () => written.join(''),
    at: (level) => lines().filter((l) => l.level === LEVELS[level]),
  };
}

/** The fake WeCom API for the rest of the test file, knowing the app of WECOM_ENV. */
export async function startFakeApi(options: Partial<FakeWecomOptions> = {}): Promise<FakeWecom> {
  const fake = await startFakeWecom({
    corpId: WECOM_ENV.WECOM_CORP_ID,
    secret: WECOM_ENV.WECOM_SECRET,
    agentId: Number(WECOM_ENV.WECOM_AGENT_ID),
    ...options,
  });
  // What WeCom would show members goes into the personal-data scan (test/pii-sink.ts).
  const scanned = process.env.GAT_TEST_LOG_FILE;
  if (scanned) {
    fake.onRecord((r) => {
      if (r.content)
        appendFileSync(scanned, `${JSON.stringify({ fake: r.api, to: r.touser, content: r.content })}\n`);
    });
  }
  afterAll(() => fake.close());
  return fake;
}

/** A promise the test resolves by hand, to hold a command past the passive-reply window. */
export function gate(): { wait: Promise<void>; open(): void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** The same query with the first character of msg_signature changed. */
export function flipSignature(query: string): string {
  return query.replace(/msg_signature=(\w)/, (_, c: string) => `msg_signature=${c === 'a' ? 'b' : 'a'}`);
}
