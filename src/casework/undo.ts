// 撤销: a person undoes their own last record within 10 minutes. The record is voided,
// never deleted, and both the record and the undo stay in the audit trail.
import type { Prisma } from '@prisma/client';
import type { Db } from '../db/client.js';
import { CHILD_LOCK } from './assessment.js';
import { writeAudit } from './audit.js';
import { CaseworkRefusal } from './errors.js';
import type { Actor } from './records.js';

export const UNDO_WINDOW_MS = 10 * 60_000;
const UNDOABLE = ['visit.create', 'service.create', 'assessment.create', 'resource.create', 'child.leave'];

export interface UndoResult {
  action: string;
  entityId: string;
  childId: number;
  on: string;
}

export async function undoLast(db: Db, actor: Actor, now: Date): Promise<UndoResult> {
  return db.$transaction(async (tx) => {
    // One undo at a time per person, so two quick 撤销 cannot both void the same record.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7302, ${actor.id})`;
    const last = await tx.auditEntry.findFirst({
      where: { actorId: actor.id, action: { in: [...UNDOABLE, 'undo'] } },
      orderBy: { id: 'desc' },
    });
    if (!last || last.action === 'undo' || now.getTime() - last.at.getTime() > UNDO_WINDOW_MS) {
      throw new CaseworkRefusal(
        'NOTHING_TO_UNDO',
        '10 分钟内没有可以撤销的记录（只能撤销自己最近的一条走访、服务、评估、资源或退出记录）。',
      );
    }
    const result = await voidRecord(tx, last.action, Number(last.entityId), last.before, now);
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'undo',
      entity: last.entity,
      entityId: last.entityId,
      before: { auditId: last.id.toString(), action: last.action },
      after: { voidedAt: now },
    });
    return { action: last.action, entityId: last.entityId, ...result };
  });
}

async function voidRecord(
  tx: Prisma.TransactionClient,
  action: string,
  id: number,
  before: Prisma.JsonValue,
  now: Date,
): Promise<{ childId: number; on: string }> {
  switch (action) {
    case 'visit.create': {
      const v = await tx.visit.update({ where: { id }, data: { voidedAt: now } });
      return { childId: v.childId, on: v.visitedOn.toISOString().slice(0, 10) };
    }
    case 'service.create': {
      const s = await tx.serviceSession.update({ where: { id }, data: { voidedAt: now } });
      return { childId: s.childId, on: s.servedOn.toISOString().slice(0, 10) };
    }
    case 'resource.create': {
      const r = await tx.resourceLink.update({ where: { id }, data: { voidedAt: now } });
      return { childId: r.childId, on: r.startOn.toISOString().slice(0, 10) };
    }
    case 'child.leave': {
      const c = await tx.child.update({
        where: { id },
        data: { registerStatus: 'in_register', leftOn: null, leftReason: null, leftNote: null },
      });
      return { childId: c.id, on: '' };
    }
    default:
      return voidAssessment(tx, id, before, now);
  }
}

/** Voids an assessment and the period it started, and re-opens the period it had ended. */
async function voidAssessment(tx: Prisma.TransactionClient, id: number, before: Prisma.JsonValue, now: Date) {
  const { childId } = await tx.assessment.findUniqueOrThrow({ where: { id }, select: { childId: true } });
  // The same lock as recording an assessment: no new assessment can interleave with this undo.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHILD_LOCK}, ${childId})`;
  const assessment = await tx.assessment.findUniqueOrThrow({
    where: { id },
    include: { startedPeriod: true },
  });
  if (assessment.voidedAt) throw new CaseworkRefusal('ALREADY_UNDONE', '这次评估已经撤销过了。');
  const later = await tx.assessment.count({
    where: { childId: assessment.childId, voidedAt: null, id: { gt: id } },
  });
  if (later > 0) {
    throw new CaseworkRefusal('NOT_LATEST', '这次评估之后已经有新的评估，不能撤销；如有错误请重新评估。');
  }
  await tx.assessment.update({ where: { id }, data: { voidedAt: now } });
  if (assessment.startedPeriod) {
    await tx.protectionPeriod.update({ where: { id: assessment.startedPeriod.id }, data: { voidedAt: now } });
    const previousId = (before as { id?: number } | null)?.id;
    if (previousId) await tx.protectionPeriod.update({ where: { id: previousId }, data: { endedOn: null } });
  }
  return { childId: assessment.childId, on: assessment.assessedOn.toISOString().slice(0, 10) };
}
