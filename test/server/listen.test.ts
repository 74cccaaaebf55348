// Slow-loris: a client that never finishes its headers or its body is answered 408 and cut.
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import Koa from 'koa';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { listenApp } from '../../src/server/listen.js';

const app = new Koa();
app.use((ctx) => {
  ctx.body = 'ok';
});
const server = await listenApp(app, 0, '127.0.0.1', { headersTimeoutMs: 1000, requestTimeoutMs: 1000 });
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const { port } = server.address() as AddressInfo;

/** Sends `start`, then a byte every 200 ms, and returns what the server said before closing. */
function trickle(start: string, byte: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(start));
    const timer = setInterval(() => socket.writable && socket.write(byte), 200);
    socket.on('data', (d) => (answer += d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(answer);
    });
  });
}

describe('listenApp', () => {
  it('should answer 408 and close a connection that trickles its headers', async () => {
    const answer = await trickle('GET / HTTP/1.1\r\nHost: x\r\n', 'X');

    expect(answer).toContain('HTTP/1.1 408 Request Timeout');
  });

  it('should answer 408 and close a connection that trickles its body', async () => {
    const answer = await trickle('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n<xml>', 'A');

    expect(answer).toContain('HTTP/1.1 408 Request Timeout');
  });

  it('should still answer a request sent at once', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`);

    expect(await res.text()).toBe('ok');
  });

  it('should default to 10 s for headers and 15 s for the whole request', () => {
    expect(loadConfig({}).http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 15_000 });
  });
});
