import type { Prisma } from '@prisma/client';
import { markMessageWrite } from '../chat/message-claim.js';

/** How a change reached the database. */
export type AuditVia = 'wecom' | 'cli' | 'import' | 'demo' | 'system' | 'web';

export interface AuditInput {
  actorId?: number | null;
  via: AuditVia;
  action: string;
  entity: string;
  entityId: string | number | bigint;
  before?: unknown;
  after?: unknown;
}

type AuditWriter = Pick<Prisma.TransactionClient, 'auditEntry' | '$executeRaw'>;

/**
 * Appends one entry to the audit trail (R4.1); call it inside the change's transaction. For a
 * chat message it also marks the message as written, in the same transaction.
 */
export async function writeAudit(tx: AuditWriter, input: AuditInput): Promise<void> {
  await markMessageWrite(tx);
  await tx.auditEntry.create({ data: toAuditRow(input) });
}

export function toAuditRow(input: AuditInput): Prisma.AuditEntryCreateManyInput {
  return {
    actorId: input.actorId ?? null,
    via: input.via,
    action: input.action,
    entity: input.entity,
    entityId: String(input.entityId),
    before: toJson(input.before),
    after: toJson(input.after),
  };
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  // Dates become ISO strings, BigInt and Decimal become strings: the trail must always serialise.
  return JSON.parse(
    JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}
