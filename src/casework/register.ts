// Leaving the register and linking social resources (R4.4, R6.3); nothing is deleted.
import type { LeaveReason, ResourceKind } from '@prisma/client';
import type { Db } from '../db/client.js';
import type { LocalDate } from '../policy/index.js';
import { writeAudit } from './audit.js';
import { CaseworkRefusal } from './errors.js';
import { dateOf } from './history.js';
import type { Actor } from './records.js';

export async function leaveRegister(
  db: Db,
  actor: Actor,
  input: { childId: number; reason: LeaveReason; on: LocalDate; note: string },
) {
  return db.$transaction(async (tx) => {
    const before = await tx.child.findUniqueOrThrow({ where: { id: input.childId } });
    if (before.registerStatus === 'left') {
      throw new CaseworkRefusal('ALREADY_LEFT', '该儿童已经退出名册。');
    }
    const after = await tx.child.update({
      where: { id: input.childId },
      data: {
        registerStatus: 'left',
        leftOn: dateOf(input.on),
        leftReason: input.reason,
        leftNote: input.note,
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'child.leave',
      entity: 'Child',
      entityId: input.childId,
      before: { registerStatus: before.registerStatus, leftOn: before.leftOn },
      after: { registerStatus: after.registerStatus, leftOn: after.leftOn, leftReason: after.leftReason },
    });
    return after;
  });
}

export async function linkResource(
  db: Db,
  actor: Actor,
  input: { childId: number; provider: string; kind: ResourceKind; on: LocalDate; notes: string },
) {
  return db.$transaction(async (tx) => {
    const link = await tx.resourceLink.create({
      data: {
        childId: input.childId,
        provider: input.provider,
        kind: input.kind,
        startOn: dateOf(input.on),
        notes: input.notes,
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'resource.create',
      entity: 'ResourceLink',
      entityId: link.id,
      after: link,
    });
    return link;
  });
}
