import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { afterAll } from 'vitest';

/** Serves the koa app on a free port of 127.0.0.1 for the rest of the test file. */
export async function listen(app: Koa): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}
