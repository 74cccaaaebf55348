// Writing an import plan in one transaction: new children in bulk (children, guardians,
// categories, the imported assessment and its protection period), changed children one by
// one, and an audit entry for each (via 'import'). Nothing is deleted: categories and
// guardians that the roster drops are ended, periods are ended by the next one.
import type { Prisma } from '@prisma/client';
import { toAuditRow } from '../casework/audit.js';
import { childSearchKeys } from '../casework/child-keys.js';
import { dateOf } from '../casework/history.js';
import type { Db } from '../db/client.js';
import type { LocalDate } from '../policy/index.js';
import type { ChangedChild, ImportPlan, PlannedAssessment } from './roster-plan.js';
import type { RosterRow } from './roster-validate.js';

export const IMPORT_REASON = 'imported';
const EVIDENCE = '名册导入';
const CHUNK = 1000;

type Tx = Prisma.TransactionClient;

export interface ApplyOptions {
  actorId: number | null;
  today: LocalDate;
  file: string;
  onProgress?: (done: number) => void;
}

export async function applyImport(db: Db, plan: ImportPlan, options: ApplyOptions): Promise<void> {
  await db.$transaction(
    async (tx) => {
      let done = 0;
      for (let i = 0; i < plan.added.length; i += CHUNK) {
        const chunk = plan.added.slice(i, i + CHUNK);
        await addChildren(tx, chunk, options);
        done += chunk.length;
        options.onProgress?.(done);
      }
      for (const changed of plan.changed) {
        await updateChild(tx, changed, options);
        options.onProgress?.(++done);
      }
      await tx.auditEntry.create({
        data: toAuditRow({
          actorId: options.actorId,
          via: 'import',
          action: 'roster.import',
          entity: 'Roster',
          entityId: options.file,
          after: {
            added: plan.added.length,
            changed: plan.changed.length,
            unchanged: plan.unchanged,
            refused: plan.refusals.map((r) => ({
              row: r.row.row,
              idTail: r.row.idNumber.slice(-4),
              message: r.message,
            })),
            leaveCandidates: plan.leaveCandidates.map((c) => c.id),
          },
        }),
      });
    },
    { timeout: 600_000, maxWait: 20_000 },
  );
}

async function addChildren(
  tx: Tx,
  added: { row: RosterRow; assessment: PlannedAssessment | null }[],
  options: ApplyOptions,
): Promise<void> {
  const startsOn = dateOf(options.today);
  const created = await tx.child.createManyAndReturn({
    data: added.map(({ row }) => ({
      name: row.name,
      idNumber: row.idNumber,
      ...childSearchKeys(row.name, row.idNumber),
      sex: row.sex,
      birthDate: dateOf(row.birthDate),
      streetId: row.streetId,
      communityId: row.communityId,
      directorId: row.directorId,
      address: row.address,
      parentNote: row.note,
      // R5.1: a child on the district's register was approved there; paid from this month.
      subsidyFrom: dateOf(`${options.today.slice(0, 7)}-01`),
    })),
    select: { id: true, idNumber: true },
  });
  const idOf = new Map(created.map((c) => [c.idNumber, c.id]));
  const childId = (row: RosterRow) => idOf.get(row.idNumber)!;

  await tx.guardian.createMany({
    data: added
      .filter(({ row }) => row.guardian || row.phone)
      .map(({ row }) => ({
        childId: childId(row),
        name: row.guardian?.name ?? '',
        relation: row.guardian?.relation ?? '',
        phone: row.phone,
        isPrimary: true,
      })),
  });
  await tx.childCategory.createMany({
    data: added.flatMap(({ row }) =>
      row.categories.map((code) => ({
        childId: childId(row),
        code,
        evidence: EVIDENCE,
        startsOn,
        confirmedById: options.actorId,
      })),
    ),
  });

  const assessed = added.filter((a) => a.assessment !== null);
  const assessments = await tx.assessment.createManyAndReturn({
    data: assessed.map(({ row, assessment }) => assessmentRow(childId(row), row, assessment!, options)),
    select: { id: true, childId: true },
  });
  const assessmentOf = new Map(assessments.map((a) => [a.childId, a.id]));
  await tx.protectionPeriod.createMany({
    data: assessed.map(({ row, assessment }) =>
      periodRow(childId(row), assessmentOf.get(childId(row))!, assessment!),
    ),
  });

  await tx.auditEntry.createMany({
    data: added.map(({ row, assessment }) =>
      toAuditRow({
        actorId: options.actorId,
        via: 'import',
        action: 'child.create',
        entity: 'Child',
        entityId: childId(row),
        after: { ...summary(row), tier: assessment?.tier ?? null, assessedOn: assessment?.on ?? null },
      }),
    ),
  });
}

function assessmentRow(childId: number, row: RosterRow, a: PlannedAssessment, options: ApplyOptions) {
  // The assessment was made before the roster reached us: it is credited to the operator
  // when one is named, otherwise to the child's director.
  return {
    childId,
    assessedOn: dateOf(a.on),
    assessorId: options.actorId ?? row.directorId,
    tier: a.tier,
    reason: IMPORT_REASON,
  };
}

function periodRow(childId: number, assessmentId: number, a: PlannedAssessment) {
  const period = a.transition.period;
  return {
    childId,
    level: period.level,
    startOn: dateOf(period.start),
    reviewOn: period.reviewOn ? dateOf(period.reviewOn) : null,
    assessmentId,
  };
}

/** What the audit keeps of a row: the ID number shortened, as in 登记. */
function summary(row: RosterRow) {
  return {
    row: row.row,
    name: row.name,
    idNumber: `${row.idNumber.slice(0, 6)}…${row.idNumber.slice(-4)}`,
    streetId: row.streetId,
    communityId: row.communityId,
    directorId: row.directorId,
    categories: row.categories,
  };
}

async function updateChild(tx: Tx, changed: ChangedChild, options: ApplyOptions): Promise<void> {
  const { row, child, assessment } = changed;
  const today = dateOf(options.today);
  const data: Prisma.ChildUncheckedUpdateInput = {
    name: row.name,
    ...childSearchKeys(row.name, row.idNumber),
    streetId: row.streetId,
    communityId: row.communityId,
    directorId: row.directorId,
    address: row.address,
    parentNote: row.note,
  };
  await tx.child.update({ where: { id: child.id }, data });

  const wanted = new Set(row.categories);
  const held = new Set(child.categories.map((c) => c.code));
  const ending = child.categories.filter((c) => !wanted.has(c.code)).map((c) => c.id);
  if (ending.length > 0)
    await tx.childCategory.updateMany({ where: { id: { in: ending } }, data: { endedOn: today } });
  const starting = row.categories.filter((code) => !held.has(code));
  if (starting.length > 0) {
    await tx.childCategory.createMany({
      data: starting.map((code) => ({
        childId: child.id,
        code,
        evidence: EVIDENCE,
        startsOn: today,
        confirmedById: options.actorId,
      })),
    });
  }

  const g = child.guardian;
  const guardianChanged =
    (g?.name ?? '') !== (row.guardian?.name ?? '') ||
    (g?.relation ?? '') !== (row.guardian?.relation ?? '') ||
    (g?.phone ?? '') !== row.phone;
  if (guardianChanged) {
    if (g) await tx.guardian.update({ where: { id: g.id }, data: { endedOn: today } });
    if (row.guardian || row.phone) {
      await tx.guardian.create({
        data: {
          childId: child.id,
          name: row.guardian?.name ?? '',
          relation: row.guardian?.relation ?? '',
          phone: row.phone,
          isPrimary: true,
        },
      });
    }
  }

  if (assessment) {
    const created = await tx.assessment.create({ data: assessmentRow(child.id, row, assessment, options) });
    if (assessment.transition.startsNewPeriod) {
      if (assessment.endsPeriodId !== null) {
        await tx.protectionPeriod.update({
          where: { id: assessment.endsPeriodId },
          data: { endedOn: dateOf(assessment.on) },
        });
      }
      await tx.protectionPeriod.create({ data: periodRow(child.id, created.id, assessment) });
    }
  }

  await tx.auditEntry.create({
    data: toAuditRow({
      actorId: options.actorId,
      via: 'import',
      action: 'child.update',
      entity: 'Child',
      entityId: child.id,
      before: Object.fromEntries(changed.changes.map((c) => [c.field, c.from])),
      after: {
        ...Object.fromEntries(changed.changes.map((c) => [c.field, c.to])),
        rule: assessment?.transition.rule,
      },
    }),
  });
}
