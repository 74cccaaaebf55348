// The HTTP server around the koa app, with limits on how long a client may take to send a
// request: WeCom sends a few kilobytes at once, so a connection that trickles its headers or
// body (slow-loris) is cut instead of being held for Node's defaults of 60 s and 300 s.
import http from 'node:http';
import type Koa from 'koa';

export interface HttpLimits {
  /** The request line and headers must arrive within this time. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this time. */
  requestTimeoutMs: number;
}

export function listenApp(app: Koa, port: number, host: string, limits: HttpLimits): Promise<http.Server> {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for connections past those limits (default 30 s).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    app.callback(),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
