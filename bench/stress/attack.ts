// Bad input at the real bot process while a member keeps using it: every kind refused quickly
// with nothing stored, and /healthz and a legitimate callback measured all along.
import net from 'node:net';
import { createCallbackSender, type Delivery } from '../../src/wecom/fake/sender.js';
import type { Bot, Cluster } from './cluster.js';
import { percentile, post, sender, WECOM_SENDER } from './driver.js';

export interface AttackKind {
  name: string;
  tried: number;
  /** Answers other than the expected refusal status. */
  wrong: number;
  statuses: Set<string>;
  p99Ms: number;
  maxMs: number;
}

export interface AttackResult {
  kinds: AttackKind[];
  /** Slow-loris sockets opened, and how many the server had closed by the end. */
  slowSockets: number;
  slowClosed: number;
  health: { p50: number; p99: number; max: number; failed: number; count: number };
  legit: { p50: number; p99: number; max: number; failed: number; count: number };
  stored: number;
}

const ATTACKER = 'attacker';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let msgId = BigInt(Date.now()) * 1000n + 900_000_000n;
const nextId = () => String(msgId++);

const otherCorp = createCallbackSender({ ...WECOM_SENDER, corpId: 'wwsomeoneelse0000' });

function forged(): Delivery {
  const d = sender.deliver(sender.textXml({ user: ATTACKER, text: '走访 儿童1 入户', msgId: nextId() }));
  return {
    ...d,
    query: d.query.replace(/msg_signature=(\w)/, (_, c: string) => `msg_signature=${c === 'a' ? 'b' : 'a'}`),
  };
}

const KINDS: { name: string; status: number; build: () => Delivery }[] = [
  { name: 'forged signature', status: 400, build: forged },
  {
    name: 'replay (timestamp 10 min old)',
    status: 400,
    build: () =>
      sender.deliver(sender.textXml({ user: ATTACKER, text: '走访 儿童1 入户', msgId: nextId() }), {
        timestamp: String(Math.floor(Date.now() / 1000) - 600),
      }),
  },
  {
    name: 'valid signature, another corp',
    status: 400,
    build: () => otherCorp.deliver(otherCorp.textXml({ user: ATTACKER, text: '待办', msgId: nextId() })),
  },
  {
    name: 'XXE (external entity, signed)',
    status: 400,
    build: () =>
      sender.deliver(
        `<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><ToUserName>${WECOM_SENDER.corpId}</ToUserName>` +
          `<FromUserName>${ATTACKER}</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>` +
          `<Content>&x;</Content><MsgId>${nextId()}</MsgId></xml>`,
      ),
  },
  {
    name: 'billion laughs (envelope)',
    status: 400,
    build: () => {
      const d = sender.deliver(sender.textXml({ user: ATTACKER, text: '待办', msgId: nextId() }));
      const entities = Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`,
      ).join('');
      return {
        query: d.query,
        body: `<!DOCTYPE xml [<!ENTITY l0 "lol">${entities}]><xml><Encrypt>&l9;</Encrypt></xml>`,
      };
    },
  },
  {
    name: 'oversized body (200 KB)',
    status: 413,
    build: () => {
      const d = sender.deliver(sender.textXml({ user: ATTACKER, text: '待办', msgId: nextId() }));
      return { query: d.query, body: `<xml><Encrypt>${'A'.repeat(200 * 1024)}</Encrypt></xml>` };
    },
  },
];

/** Sockets that send the start of a request and then a byte a second, never finishing. */
function slowLoris(port: number, count: number, stopAt: number): { opened: number; closed: () => number } {
  let closed = 0;
  for (let i = 0; i < count; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('close', () => closed++);
    socket.on('connect', () => {
      // Half the sockets trickle headers, half a correctly signed callback's body that never ends.
      const d = sender.deliver(sender.textXml({ user: ATTACKER, text: '待办', msgId: nextId() }));
      socket.write(
        i % 2 === 0
          ? `POST /wecom/callback?${d.query} HTTP/1.1\r\nHost: x\r\n`
          : `POST /wecom/callback?${d.query} HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n\r\n<xml>`,
      );
      const timer = setInterval(() => {
        if (Date.now() > stopAt || socket.destroyed) {
          clearInterval(timer);
          socket.destroy();
          return;
        }
        socket.write(i % 2 === 0 ? 'X' : 'A');
      }, 1000);
    });
  }
  return { opened: count, closed: () => closed };
}

async function probe(
  seconds: number,
  once: () => Promise<boolean>,
): Promise<{ p50: number; p99: number; max: number; failed: number; count: number }> {
  const times: number[] = [];
  let failed = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const at = performance.now();
    if (!(await once())) failed++;
    times.push(performance.now() - at);
    await sleep(100);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times.at(-1) ?? 0,
    failed,
    count: times.length,
  };
}

export async function attack(
  cluster: Cluster,
  bot: Bot,
  seconds: number,
  slowSockets: number,
): Promise<AttackResult> {
  const stopAt = Date.now() + seconds * 1000;
  const slow = slowLoris(bot.port, slowSockets, stopAt + 60_000);
  const director = cluster.directors[0]!;
  const health = probe(
    seconds,
    async () => (await fetch(`${bot.url}/healthz`).catch(() => undefined))?.status === 200,
  );
  const legit = probe(seconds, async () => {
    const d = sender.deliver(
      sender.textXml({ user: director.userid, text: `查询 儿童${director.first}`, msgId: nextId() }),
    );
    const answer = await post(undefined, `${bot.url}/wecom/callback?${d.query}`, d.body, 5_000);
    return answer.status === 200 && sender.openReply(answer.body).content.startsWith(`儿童${director.first}`);
  });

  const kinds: AttackKind[] = [];
  const attackers = KINDS.map(async (kind) => {
    const times: number[] = [];
    const k: AttackKind = { name: kind.name, tried: 0, wrong: 0, statuses: new Set(), p99Ms: 0, maxMs: 0 };
    kinds.push(k);
    // Four attackers per kind, as fast as the server answers.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (Date.now() < stopAt) {
          const d = kind.build();
          const at = performance.now();
          const answer = await post(undefined, `${bot.url}/wecom/callback?${d.query}`, d.body, 10_000);
          times.push(performance.now() - at);
          k.tried++;
          k.statuses.add(String(answer.status));
          if (answer.status !== kind.status) k.wrong++;
        }
      }),
    );
    times.sort((a, b) => a - b);
    k.p99Ms = percentile(times, 99);
    k.maxMs = times.at(-1) ?? 0;
  });
  const [h, l] = await Promise.all([health, legit, ...attackers]);
  // The slow sockets must be cut by the server's own timeouts (10 s for headers, 15 s in all).
  for (let waited = 0; slow.closed() < slow.opened && waited < 20_000; waited += 250) await sleep(250);
  const stored = await cluster.query<{ n: string }>(
    `SELECT count(*) AS n FROM "InboundMessage" WHERE "fromUser" = $1`,
    [ATTACKER],
  );
  return {
    kinds,
    slowSockets: slow.opened,
    slowClosed: slow.closed(),
    health: h!,
    legit: l!,
    stored: Number(stored[0]?.n ?? 0),
  };
}
