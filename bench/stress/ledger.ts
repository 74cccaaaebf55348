// The driver's ledger against the database: every acknowledged 走访 in Visit exactly once,
// every acknowledged message one InboundMessage row. "Lost" is an acknowledged visit that is
// not stored and whose member was never told to resend.
import { ALREADY_SAVED, BUSY_RESEND } from '../../src/wecom/dispatch.js';
import type { Cluster } from './cluster.js';
import { type DriverResult, percentile } from './driver.js';

export interface Tally {
  sent: number;
  acked: number;
  /** WeCom gave up on these: no 200 after four deliveries. Never acknowledged, so not lost. */
  gaveUp: number;
  retried: number;
  visitsAcked: number;
  visitsStored: number;
  /** Acknowledged visits the member was told to resend (系统出错/繁忙，请稍后重发). */
  toldToResend: number;
  /** Retries answered "already saved" after the first delivery died. */
  recovered: number;
  /** Visits refused by a rule (reply other than 已登记), not stored: correct. */
  refused: number;
  lost: number;
  duplicated: number;
  inboundMissing: number;
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  samples: string[];
}

export async function reconcile(cluster: Cluster, run: DriverResult): Promise<Tally> {
  const stored = new Map<string, number>();
  for (const row of await cluster.query<{ token: string; n: string }>(
    `SELECT substring(notes from '记号(k[0-9a-z]+)') AS token, count(*) AS n
       FROM "Visit" WHERE notes LIKE '%记号k%' GROUP BY 1`,
  )) {
    stored.set(row.token, Number(row.n));
  }
  // Replies that went through the API (late replies, busy notices), by member.
  const apiText = new Map<string, string[]>();
  for (const r of cluster.fake.delivered()) {
    for (const user of r.touser ?? []) apiText.set(user, [...(apiText.get(user) ?? []), r.content ?? '']);
  }
  const acked = run.ledger.filter((e) => e.acked);
  const inbound = await cluster.query<{ n: string }>(
    `SELECT count(*) AS n FROM "InboundMessage" WHERE "dedupKey" = ANY($1::text[])`,
    [acked.map((e) => `app:msg:${e.msgId}`)],
  );

  const t: Tally = {
    sent: run.ledger.length,
    acked: acked.length,
    gaveUp: run.ledger.length - acked.length,
    retried: run.ledger.filter((e) => e.attempts > 1).length,
    visitsAcked: 0,
    visitsStored: 0,
    toldToResend: 0,
    recovered: 0,
    refused: 0,
    lost: 0,
    duplicated: 0,
    inboundMissing: acked.length - Number(inbound[0]?.n ?? 0),
    rps: acked.length / run.seconds,
    p50: 0,
    p99: 0,
    p999: 0,
    samples: [],
  };
  const sorted = [...run.latencies].sort((a, b) => a - b);
  t.p50 = percentile(sorted, 50);
  t.p99 = percentile(sorted, 99);
  t.p999 = percentile(sorted, 99.9);

  for (const e of run.ledger) {
    if (e.kind !== 'visit' || !e.token) continue;
    const n = stored.get(e.token) ?? 0;
    if (n > 1) t.duplicated += n - 1;
    if (!e.acked) continue;
    t.visitsAcked++;
    if (e.reply === ALREADY_SAVED) t.recovered++;
    if (n >= 1) {
      t.visitsStored++;
      continue;
    }
    const late = (apiText.get(e.user) ?? []).filter((c) => c.includes(e.token!) || c === BUSY_RESEND);
    const said = [e.reply ?? '', ...late].join('\n');
    if (/请稍后重发/.test(said)) t.toldToResend++;
    else if (said && !said.startsWith('已登记')) {
      t.refused++;
      if (t.samples.length < 3) t.samples.push(said.slice(0, 80));
    } else {
      t.lost++;
      if (t.samples.length < 6)
        t.samples.push(`lost ${e.msgId} reply=${JSON.stringify(e.reply)} ${e.failures}`);
    }
  }
  return t;
}

export function failed(t: Tally): boolean {
  return t.lost > 0 || t.duplicated > 0 || t.inboundMissing !== 0;
}
