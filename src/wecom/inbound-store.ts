// InboundMessage rows: the database decides which delivery of a message runs the command,
// so de-duplication holds across several bot instances on one PostgreSQL.
import { randomBytes } from 'node:crypto';
import { Prisma } from '@prisma/client';
import type { Db } from '../db/client.js';
import { createBatcher } from './batch.js';

export type ReplyVia = 'passive' | 'api' | 'none';
export type InboundStatus = 'received' | 'handled' | 'failed';

export interface InboundState {
  id: bigint;
  status: InboundStatus;
  reply: string | null;
  replyVia: ReplyVia | null;
  replySentAt: Date | null;
  /** The delivery running the command (see src/chat/message-claim.ts). */
  owner: string | null;
  /** Set once the command made an audited write. */
  wroteAt: Date | null;
  /** Milliseconds since the first delivery was stored, by the database's clock. */
  ageMs: number;
}

export interface NewInbound {
  dedupKey: string;
  fromUser: string;
  msgType: string;
  content: string;
  createdAt: Date;
}

export interface ReplyRecord {
  status: InboundStatus;
  via: ReplyVia | null;
  reply?: string | null;
  command?: string | null;
  sentAt?: Date | null;
}

export interface InboundStore {
  /** Stores the message, or counts one more attempt at it; `fresh` only for the first delivery. */
  claim(row: NewInbound): Promise<{ fresh: boolean; state: InboundState }>;
  read(id: bigint): Promise<InboundState | undefined>;
  record(id: bigint, update: ReplyRecord): Promise<void>;
  /**
   * Makes a new owner of a message still undecided whose command never wrote, when its owner is
   * still `owner`: the token, or undefined when another delivery got there first or it wrote.
   */
  takeOver(id: bigint, owner: string | null): Promise<string | undefined>;
}

interface StateRow {
  id: bigint;
  dedupKey?: string;
  status: string;
  reply: string | null;
  replyVia: string | null;
  replySentAt: Date | null;
  owner: string | null;
  wroteAt: Date | null;
  ageMs: number;
  inserted?: boolean;
}

const newOwner = () => randomBytes(8).toString('hex');

const AGE_MS = Prisma.sql`(EXTRACT(EPOCH FROM clock_timestamp() - "receivedAt") * 1000)::float8 AS "ageMs"`;

export function createInboundStore(db: Db): InboundStore {
  // Insert, or on a duplicate bump attempts and read the first delivery's state: one statement
  // for a whole batch of callbacks. xmax = 0 holds only for a row this statement inserted.
  const claim = createBatcher<NewInbound, { fresh: boolean; state: InboundState }>({
    keyOf: (row) => row.dedupKey,
    async run(rows) {
      const found = await db.$queryRaw<StateRow[]>`
        INSERT INTO "InboundMessage" ("dedupKey", "fromUser", "msgType", "content", "createdAt", "owner")
        SELECT * FROM unnest(
          ${rows.map((r) => r.dedupKey)}::text[], ${rows.map((r) => r.fromUser)}::text[],
          ${rows.map((r) => r.msgType)}::text[], ${rows.map((r) => r.content)}::text[],
          ${rows.map((r) => r.createdAt.toISOString())}::timestamptz[], ${rows.map(newOwner)}::text[])
        ON CONFLICT ("dedupKey") DO UPDATE SET "attempts" = "InboundMessage"."attempts" + 1
        RETURNING "id", "dedupKey", "status"::text AS "status", "reply", "replyVia"::text AS "replyVia",
                  "replySentAt", "owner", "wroteAt", ${AGE_MS}, (xmax = 0) AS "inserted"`;
      const byKey = new Map(found.map((row) => [row.dedupKey, row]));
      return rows.map((r) => {
        const row = byKey.get(r.dedupKey);
        if (!row) throw new Error('InboundMessage upsert returned no row');
        return { fresh: row.inserted === true, state: toState(row) };
      });
    },
  });

  const record = createBatcher<{ id: bigint; update: ReplyRecord }, void>({
    keyOf: (item) => String(item.id),
    async run(items) {
      const u = items.map((i) => i.update);
      await db.$executeRaw`
        UPDATE "InboundMessage" AS m SET
          "status" = v.status::"InboundStatus",
          "replyVia" = v.via::"ReplyChannel",
          "reply" = COALESCE(v.reply, m."reply"),
          "command" = COALESCE(v.command, m."command"),
          "replySentAt" = COALESCE(v.sent, m."replySentAt")
        FROM unnest(
          ${items.map((i) => i.id.toString())}::bigint[], ${u.map((x) => x.status)}::text[],
          ${u.map((x) => x.via)}::text[], ${u.map((x) => x.reply ?? null)}::text[],
          ${u.map((x) => x.command ?? null)}::text[],
          ${u.map((x) => x.sentAt?.toISOString() ?? null)}::timestamptz[]
        ) AS v(id, status, via, reply, command, sent)
        WHERE m."id" = v.id`;
      return items.map(() => undefined);
    },
  });

  return {
    claim,
    record: (id, update) => record({ id, update }),
    async read(id) {
      const rows = await db.$queryRaw<StateRow[]>`
        SELECT "id", "status"::text AS "status", "reply", "replyVia"::text AS "replyVia", "replySentAt",
               "owner", "wroteAt", ${AGE_MS}
        FROM "InboundMessage" WHERE "id" = ${id}`;
      return rows[0] ? toState(rows[0]) : undefined;
    },
    async takeOver(id, owner) {
      const token = newOwner();
      const taken = await db.$executeRaw`
        UPDATE "InboundMessage" SET "owner" = ${token}
         WHERE "id" = ${id} AND "owner" IS NOT DISTINCT FROM ${owner} AND "status" = 'received'
           AND "replyVia" IS NULL AND "wroteAt" IS NULL`;
      return taken === 1 ? token : undefined;
    },
  };
}

function toState(row: StateRow): InboundState {
  return {
    id: BigInt(row.id),
    status: row.status as InboundStatus,
    reply: row.reply,
    replyVia: row.replyVia as ReplyVia | null,
    replySentAt: row.replySentAt,
    owner: row.owner,
    wroteAt: row.wroteAt,
    ageMs: Number(row.ageMs),
  };
}
