import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import pg from 'pg';

export type Db = PrismaClient;

/**
 * A node-postgres client that always has an 'error' listener. When the server ends a
 * connection (restart, pg_terminate_backend), pg emits 'error' on the client; a client checked
 * out at that moment may have no listener of the pool's or Prisma's, and an unheard 'error'
 * kills the process. The failure still reaches the query on that connection, and the pool
 * drops the client when it comes back.
 */
class SteadyClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** A Prisma client over node-postgres; one per process, shared by every request. */
export function createDb(databaseUrl: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, Client: SteadyClient });
  pool.on('error', () => undefined);
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

/** True when the database answers a trivial query within the time given. */
export async function isDatabaseReachable(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = db.$queryRawUnsafe('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
