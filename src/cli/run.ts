// What every operator command shares: the configured database (embedded unless DATABASE_URL),
// a quiet logger, and one way to end — config problems one per line, refusals as their
// message, exit code from the command.
import { type Config, ConfigError, loadConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { openDatabase } from '../db/database.js';
import { createLogger, type Logger } from '../logger.js';

export interface CliContext {
  config: Config;
  log: Logger;
  db: Db;
}

/** Opens the database for `body` and closes it afterwards, whatever happens. */
export async function withDatabase<T>(body: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, false);
  const database = await openDatabase(config, log);
  try {
    return await body({ config, log, db: database.db });
  } finally {
    await database.close();
  }
}

/** Runs a command's main and exits: an error carrying a `userMessage` is a refusal (exit 1). */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const userMessage = (err as { userMessage?: unknown } | undefined)?.userMessage;
      if (err instanceof ConfigError) for (const line of err.problems) console.error(line);
      else if (typeof userMessage === 'string') console.error(userMessage);
      else console.error(err);
      process.exit(1);
    },
  );
}
