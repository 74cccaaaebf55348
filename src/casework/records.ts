// Recording visits and services: one transaction each, with the audit entry (R4.1).
import type { ServiceRecipient, ServiceType, VisitKind } from '@prisma/client';
import { formatChatDate } from '../chat/dates.js';
import type { Db } from '../db/client.js';
import { daysBetween, type LocalDate } from '../policy/index.js';
import { type AuditVia, writeAudit } from './audit.js';
import { CaseworkRefusal } from './errors.js';
import { dateOf, dayOf } from './history.js';

export interface Actor {
  id: number;
  via: AuditVia;
}

/** How far back a record is accepted without a remark; older ones are kept with a note. */
export const LATE_ENTRY_DAYS = 30;

/**
 * Checks a record's date against the child's file: not in the future, not before the
 * child entered the register, not after the child left it.
 */
export async function checkRecordDate(
  db: Pick<Db, 'child'>,
  childId: number,
  on: LocalDate,
  today: LocalDate,
): Promise<void> {
  const d = (day: LocalDate) => formatChatDate(day, today);
  if (on > today) {
    throw new CaseworkRefusal('FUTURE_DATE', `日期 ${d(on)} 还没到，不能登记未来的记录。`);
  }
  const child = await db.child.findUniqueOrThrow({
    where: { id: childId },
    select: { createdAt: true, leftOn: true, categories: { select: { startsOn: true } } },
  });
  const firstCategory = child.categories.map((c) => dayOf(c.startsOn)).sort()[0];
  const entered = firstCategory ?? dayOf(child.createdAt);
  if (on < entered) {
    throw new CaseworkRefusal(
      'BEFORE_REGISTER',
      `日期 ${on} 早于该儿童纳入名册的日期 ${entered}，请核对日期。`,
    );
  }
  if (child.leftOn && on >= dayOf(child.leftOn)) {
    throw new CaseworkRefusal(
      'AFTER_LEAVING',
      `该儿童已于 ${dayOf(child.leftOn)} 退出名册，不能再登记之后的记录。`,
    );
  }
}

export function isLateEntry(on: LocalDate, today: LocalDate): boolean {
  return daysBetween(on, today) > LATE_ENTRY_DAYS;
}

export interface VisitInput {
  childId: number;
  on: LocalDate;
  kind: VisitKind;
  notes: string;
  childSeen: boolean;
}

export async function recordVisit(db: Db, actor: Actor, input: VisitInput, today: LocalDate) {
  await checkRecordDate(db, input.childId, input.on, today);
  return db.$transaction(async (tx) => {
    const visit = await tx.visit.create({
      data: {
        childId: input.childId,
        visitedOn: dateOf(input.on),
        staffId: actor.id,
        kind: input.kind,
        notes: input.notes,
        childSeen: input.childSeen,
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'visit.create',
      entity: 'Visit',
      entityId: visit.id,
      after: visit,
    });
    return visit;
  });
}

export interface ServiceInput {
  childId: number;
  on: LocalDate;
  type: ServiceType;
  recipient: ServiceRecipient;
  notes: string;
}

export async function recordService(db: Db, actor: Actor, input: ServiceInput, today: LocalDate) {
  await checkRecordDate(db, input.childId, input.on, today);
  return db.$transaction(async (tx) => {
    const session = await tx.serviceSession.create({
      data: {
        childId: input.childId,
        servedOn: dateOf(input.on),
        staffId: actor.id,
        type: input.type,
        recipient: input.recipient,
        notes: input.notes,
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'service.create',
      entity: 'ServiceSession',
      entityId: session.id,
      after: session,
    });
    return session;
  });
}
