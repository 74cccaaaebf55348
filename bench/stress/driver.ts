// A load driver that behaves like WeCom: every message encrypted and signed, a MsgId of its
// own, delivered again (same MsgId) when no 200 came within 5 s or the answer was not 200,
// up to three more times. It keeps a ledger of what it considers acknowledged, for
// bench/stress/ledger.ts to compare with the database afterwards.
import http from 'node:http';
import { createCallbackSender } from '../../src/wecom/fake/sender.js';
import { WECOM } from './cluster.js';

export type Kind = 'lookup' | 'visit' | 'todo';

export interface Entry {
  msgId: string;
  user: string;
  kind: Kind;
  /** Written into a visit's notes, to find it in the Visit table. */
  token?: string;
  acked: boolean;
  attempts: number;
  /** Status codes or 'error'/'timeout' of the attempts that failed. */
  failures: string[];
  /** The passive reply's text; '' for an empty 200. */
  reply?: string;
}

export interface DriverOptions {
  /** Base URL for each attempt: one bot, or round robin over several (a load balancer). */
  target: (attempt: number) => string;
  directors: { userid: string; first: number; count: number }[];
  seconds: number;
  connections: number;
  /** Called once a second with the seconds elapsed: faults are injected from here. */
  onSecond?: (elapsed: number) => void | Promise<void>;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  /** Fraction of visits and to-do lists; the rest are lookups (default 0.2 and 0.1). */
  mix?: { visit: number; todo: number };
}

export interface DriverResult {
  ledger: Entry[];
  /** Latency of every attempt that got an answer, ms. */
  latencies: number[];
  seconds: number;
  attempts: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const WECOM_SENDER = {
  token: WECOM.WECOM_TOKEN,
  encodingAesKey: WECOM.WECOM_ENCODING_AES_KEY,
  corpId: WECOM.WECOM_CORP_ID,
  agentId: Number(WECOM.WECOM_AGENT_ID),
};

export const sender = createCallbackSender(WECOM_SENDER);

let seq = 0;
const base = BigInt(Date.now()) * 1000n;

export function nextMessage(
  directors: DriverOptions['directors'],
  mix: { visit: number; todo: number },
): { entry: Entry; text: string } {
  const n = seq++;
  const director = directors[Math.floor(Math.random() * directors.length)]!;
  const child = director.first + Math.floor(Math.random() * director.count);
  const roll = Math.random();
  const kind: Kind = roll < mix.visit ? 'visit' : roll < mix.visit + mix.todo ? 'todo' : 'lookup';
  const entry: Entry = {
    msgId: String(base + BigInt(n)),
    user: director.userid,
    kind,
    acked: false,
    attempts: 0,
    failures: [],
  };
  let text = `查询 儿童${child}`;
  if (kind === 'todo') text = '待办';
  if (kind === 'visit') {
    entry.token = `k${n.toString(36)}`;
    text = `走访 儿童${child} 入户 情况稳定 记号${entry.token}`;
  }
  return { entry, text };
}

export async function drive(options: DriverOptions): Promise<DriverResult> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 2_000;
  const mix = options.mix ?? { visit: 0.2, todo: 0.1 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections * 2 });
  const ledger: Entry[] = [];
  const latencies: number[] = [];
  let attempts = 0;
  const started = Date.now();
  const deadline = started + options.seconds * 1000;

  let elapsed = 0;
  const ticker = setInterval(() => {
    elapsed++;
    void options.onSecond?.(elapsed);
  }, 1000);

  async function deliver(entry: Entry, text: string): Promise<void> {
    const plain = sender.textXml({ user: entry.user, text, msgId: entry.msgId });
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(retryDelayMs);
      entry.attempts++;
      attempts++;
      const d = sender.deliver(plain);
      const at = performance.now();
      const answer = await post(
        agent,
        `${options.target(attempt)}/wecom/callback?${d.query}`,
        d.body,
        timeoutMs,
      );
      if (answer.status !== 'timeout' && answer.status !== 'error') latencies.push(performance.now() - at);
      if (answer.status === 200) {
        entry.acked = true;
        entry.reply = answer.body.startsWith('<xml>') ? sender.openReply(answer.body).content : '';
        return;
      }
      entry.failures.push(String(answer.status));
    }
  }

  async function worker(): Promise<void> {
    while (Date.now() < deadline) {
      const { entry, text } = nextMessage(options.directors, mix);
      ledger.push(entry);
      await deliver(entry, text);
    }
  }

  await Promise.all(Array.from({ length: options.connections }, worker));
  clearInterval(ticker);
  agent.destroy();
  return { ledger, latencies, seconds: options.seconds, attempts };
}

export function post(
  agent: http.Agent | undefined,
  url: string,
  body: string,
  timeoutMs: number,
): Promise<{ status: number | 'timeout' | 'error'; body: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'text/xml' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', () => {
          clearTimeout(timer);
          resolve({ status: 'error', body: '' });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ status: 'timeout', body: '' });
    }, timeoutMs);
    req.on('error', () => {
      clearTimeout(timer);
      resolve({ status: 'error', body: '' });
    });
    req.end(body);
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
