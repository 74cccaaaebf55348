import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One logger for the process: pretty lines in a terminal, JSON lines otherwise.
 * Secrets and tokens are redacted wherever they appear under these keys.
 */
export function createLogger(level = 'info', pretty = Boolean(process.stdout.isTTY)): Logger {
  return pino({
    level,
    base: { app: 'guanaitong' },
    redact: {
      paths: ['secret', 'token', 'access_token', 'corpsecret', '*.secret', '*.token', '*.access_token'],
      censor: '[redacted]',
    },
    transport: pretty
      ? {
          target: 'pino-pretty',
          options: { translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname,app' },
        }
      : undefined,
  });
}

/** A logger that writes nothing, for tests that do not inspect logs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
