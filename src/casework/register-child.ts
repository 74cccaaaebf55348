// Registering a child on the register (登记): the file, a guardian and categories, in one
// transaction with its audit entry.
import type { CategoryCode, ParentStatus, Prisma, Sex } from '@prisma/client';
import type { Db } from '../db/client.js';
import type { LocalDate } from '../policy/index.js';
import { writeAudit } from './audit.js';
import { childSearchKeys } from './child-keys.js';
import { CaseworkRefusal } from './errors.js';
import { dateOf } from './history.js';
import type { Actor } from './records.js';

export interface NewChild {
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: LocalDate;
  streetId: number;
  communityId: number;
  directorId: number | null;
  address: string;
  categories: CategoryCode[];
  evidence: string;
  fatherStatus: ParentStatus;
  motherStatus: ParentStatus;
  guardian?: { relation: string; name: string; phone: string };
  on: LocalDate;
}

export async function registerChild(db: Db, actor: Actor, input: NewChild) {
  // Named nowhere here: the caller names the existing child only to someone whose scope holds them.
  const existing = await db.child.findUnique({ where: { idNumber: input.idNumber }, select: { id: true } });
  if (existing)
    throw new CaseworkRefusal('DUPLICATE_ID', '该身份证号已有档案。如需重新纳入或更正，请联系区民卫局。');
  return db.$transaction((tx) => createChildRecord(tx, actor, input));
}

/** The child's file with its categories and guardian, and the audit entry, inside `tx`. */
export async function createChildRecord(tx: Prisma.TransactionClient, actor: Actor, input: NewChild) {
  const child = await tx.child.create({
    data: {
      name: input.name,
      idNumber: input.idNumber,
      ...childSearchKeys(input.name, input.idNumber),
      sex: input.sex,
      birthDate: dateOf(input.birthDate),
      streetId: input.streetId,
      communityId: input.communityId,
      directorId: input.directorId,
      address: input.address,
      fatherStatus: input.fatherStatus,
      motherStatus: input.motherStatus,
      categories: {
        create: input.categories.map((code) => ({
          code,
          evidence: input.evidence,
          startsOn: dateOf(input.on),
          confirmedById: actor.id,
        })),
      },
      guardians: input.guardian ? { create: { ...input.guardian, isPrimary: true } } : undefined,
    },
  });
  await writeAudit(tx, {
    actorId: actor.id,
    via: actor.via,
    action: 'child.create',
    entity: 'Child',
    entityId: child.id,
    after: { ...child, idNumber: `${child.idNumber.slice(0, 6)}…`, categories: input.categories },
  });
  return child;
}
