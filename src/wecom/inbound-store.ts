// InboundMessage rows: the database decides which delivery of a message runs the command,
// so de-duplication holds across several bot instances on one PostgreSQL.
import type { Db } from '../db/client.js';

export type ReplyVia = 'passive' | 'api' | 'none';
export type InboundStatus = 'received' | 'handled' | 'failed';

export interface InboundState {
  id: bigint;
  status: InboundStatus;
  reply: string | null;
  replyVia: ReplyVia | null;
  replySentAt: Date | null;
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
}

interface StateRow {
  id: bigint;
  status: string;
  reply: string | null;
  replyVia: string | null;
  replySentAt: Date | null;
  inserted?: boolean;
}

export function createInboundStore(db: Db): InboundStore {
  return {
    async claim(row) {
      // One round trip: insert, or on a duplicate bump attempts and read the first delivery's state.
      // xmax = 0 holds only for a row this statement inserted.
      const rows = await db.$queryRaw<StateRow[]>`
        INSERT INTO "InboundMessage" ("dedupKey", "fromUser", "msgType", "content", "createdAt")
        VALUES (${row.dedupKey}, ${row.fromUser}, ${row.msgType}, ${row.content}, ${row.createdAt})
        ON CONFLICT ("dedupKey") DO UPDATE SET "attempts" = "InboundMessage"."attempts" + 1
        RETURNING "id", "status"::text AS "status", "reply", "replyVia"::text AS "replyVia",
                  "replySentAt", (xmax = 0) AS "inserted"`;
      const found = rows[0];
      if (!found) throw new Error('InboundMessage upsert returned no row');
      return { fresh: found.inserted === true, state: toState(found) };
    },

    async read(id) {
      const rows = await db.$queryRaw<StateRow[]>`
        SELECT "id", "status"::text AS "status", "reply", "replyVia"::text AS "replyVia", "replySentAt"
        FROM "InboundMessage" WHERE "id" = ${id}`;
      return rows[0] ? toState(rows[0]) : undefined;
    },

    async record(id, u) {
      await db.$executeRaw`
        UPDATE "InboundMessage" SET
          "status" = ${u.status}::"InboundStatus",
          "replyVia" = ${u.via}::"ReplyChannel",
          "reply" = COALESCE(${u.reply ?? null}, "reply"),
          "command" = COALESCE(${u.command ?? null}, "command"),
          "replySentAt" = COALESCE(${u.sentAt ?? null}::timestamptz, "replySentAt")
        WHERE "id" = ${id}`;
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
  };
}
