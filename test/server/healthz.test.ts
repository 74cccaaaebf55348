import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { createSilentLogger } from '../../src/logger.js';
import { createApp } from '../../src/server/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { listen } from '../helpers/http.js';

describe('GET /healthz', () => {
  it('answers 200 when the database is reachable', async () => {
    const { db } = await createTestDatabase();
    const base = await listen(createApp({ db, log: createSilentLogger() }));

    const res = await fetch(`${base}/healthz`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 when the database is not reachable', async () => {
    const unreachable = createDb('postgresql://nobody:x@127.0.0.1:1/none');
    const base = await listen(createApp({ db: unreachable, log: createSilentLogger() }));

    const res = await fetch(`${base}/healthz`);

    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', database: 'down' });
  });
});
