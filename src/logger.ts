import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One logger for the process: pretty lines in a terminal, JSON lines otherwise.
 * Secrets and tokens are redacted wherever they appear under these keys.
 */
const REDACT = {
  paths: ['secret', 'token', 'access_token', 'corpsecret', '*.secret', '*.token', '*.access_token'],
  censor: '[redacted]',
};

export function createLogger(level = 'info', pretty = Boolean(process.stdout.isTTY)): Logger {
  return pino({
    level,
    base: { app: 'guanaitong' },
    redact: REDACT,
    transport: pretty
      ? {
          target: 'pino-pretty',
          options: { translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname,app' },
        }
      : undefined,
  });
}

/**
 * A logger that writes nothing, for tests that do not inspect logs. When GAT_TEST_LOG_FILE is
 * set (the test suite does, see test/pii-sink.ts) it writes every level there instead, so that
 * what a test run logs can be scanned for personal data.
 */
export function createSilentLogger(): Logger {
  const file = process.env.GAT_TEST_LOG_FILE;
  if (!file) return pino({ level: 'silent' });
  if (scanned?.file !== file)
    scanned = { file, out: pino.destination({ dest: file, append: true, sync: true }) };
  return pino({ level: 'trace', redact: REDACT }, scanned.out);
}

/** One file descriptor for all the test loggers of a test file. */
let scanned: { file: string; out: ReturnType<typeof pino.destination> } | undefined;
