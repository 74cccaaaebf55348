import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413,
    readonly reason: 'body_too_large' | 'body_timeout' | 'body_aborted',
  ) {
    super(reason);
    this.name = 'BodyError';
  }
}

export interface BodyLimits {
  maxBytes: number;
  /** The whole body must arrive within this time, whatever the pace of its bytes (slow-loris). */
  timeoutMs: number;
}

/** Reads a request body as UTF-8 text, refusing it once it passes the byte or time limit. */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBytes) return Promise.reject(new BodyError(413, 'body_too_large'));

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (err?: BodyError) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onError);
      if (err) {
        req.pause();
        reject(err);
      } else {
        resolve(Buffer.concat(chunks, size).toString('utf8'));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) finish(new BodyError(413, 'body_too_large'));
      else chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = () => finish(new BodyError(400, 'body_aborted'));
    const timer = setTimeout(() => finish(new BodyError(408, 'body_timeout')), limits.timeoutMs);
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onError);
  });
}
