// R5.1: an application for the basic living subsidy and its review steps: 受理 received →
// 审核 reviewed (result and note) → 审批 approved or refused (reason). Approval puts a child not
// yet on file on the register and fixes the first month paid. Every step is audited.
import { type CategoryCode, Prisma } from '@prisma/client';
import type { Db } from '../db/client.js';
import {
  eighteenthBirthday,
  isUnder18,
  type LocalDate,
  parseIdNumber,
  payFromMonth,
} from '../policy/index.js';
import { writeAudit } from './audit.js';
import { CaseworkRefusal } from './errors.js';
import { dateOf, dayOf } from './history.js';
import type { Actor } from './records.js';
import { createChildRecord } from './register-child.js';
import type { SubsidySettings } from './subsidy.js';

export interface NewApplication {
  streetId: number;
  communityId: number | null;
  applicantName: string;
  idNumber: string;
  category: CategoryCode;
  note: string;
  on: LocalDate;
}

export type Application = Prisma.SubsidyApplicationGetPayload<{ include: { steps: true } }>;

/** 受理: files an application (status received) with its first step. */
export async function receiveApplication(db: Db, actor: Actor, input: NewApplication): Promise<Application> {
  return db.$transaction(async (tx) => {
    const open = await tx.subsidyApplication.findFirst({
      where: { idNumber: input.idNumber, status: { in: ['received', 'reviewed'] } },
      select: { id: true, streetId: true },
    });
    const child = await tx.child.findUnique({
      where: { idNumber: input.idNumber },
      select: { id: true, streetId: true, communityId: true },
    });
    // Another street's file or application: say no more than that it is not this street's.
    if ((child && child.streetId !== input.streetId) || (open && open.streetId !== input.streetId)) {
      throw new CaseworkRefusal(
        'OTHER_STREET',
        '该身份证号不能在本街道受理：儿童的档案或在办申请属于其他街道。如儿童已迁入本街道，请联系区民卫局。',
      );
    }
    if (open) {
      throw new CaseworkRefusal(
        'OPEN_APPLICATION',
        `该身份证号已有在办的申请 #${open.id}，请继续办理该申请。`,
      );
    }
    const application = await createOpen(tx, {
      data: {
        streetId: input.streetId,
        communityId: child?.communityId ?? input.communityId,
        childId: child?.id ?? null,
        applicantName: input.applicantName,
        idNumber: input.idNumber,
        category: input.category,
        note: input.note,
        receivedOn: dateOf(input.on),
        steps: { create: { status: 'received', byId: actor.id, on: dateOf(input.on), note: input.note } },
      },
      include: { steps: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'application.receive',
      entity: 'SubsidyApplication',
      entityId: application.id,
      after: { ...application, idNumber: `${application.idNumber.slice(0, 6)}…`, steps: undefined },
    });
    return application;
  });
}

/**
 * Creates an application in progress. The database allows one per ID number (a partial unique
 * index), so two officers filing the same child at the same moment get one application.
 */
async function createOpen(
  tx: Prisma.TransactionClient,
  args: Prisma.SubsidyApplicationCreateArgs & { include: { steps: true } },
): Promise<Application> {
  try {
    return await tx.subsidyApplication.create(args);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new CaseworkRefusal(
        'OPEN_APPLICATION',
        '该身份证号刚刚已有人受理申请，请发送“申请”查看并继续办理。',
      );
    }
    throw err;
  }
}

/** 审核: the street's review of a received application, with its result and note. */
export async function reviewApplication(
  db: Db,
  actor: Actor,
  input: { id: number; passed: boolean; note: string; on: LocalDate },
): Promise<Application> {
  return db.$transaction(async (tx) => {
    const before = await lockApplication(tx, input.id);
    if (before.status !== 'received') throw stepRefusal(before.id, before.status, '审核');
    const after = await tx.subsidyApplication.update({
      where: { id: before.id },
      data: {
        status: 'reviewed',
        steps: {
          create: {
            status: 'reviewed',
            byId: actor.id,
            on: dateOf(input.on),
            result: input.passed ? '通过' : '不通过',
            note: input.note,
          },
        },
      },
      include: { steps: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'application.review',
      entity: 'SubsidyApplication',
      entityId: before.id,
      before: { status: before.status },
      after: { status: after.status, result: input.passed ? '通过' : '不通过', note: input.note },
    });
    return after;
  });
}

/**
 * 审批: approves or refuses a reviewed application (审批复核: no approval without a review).
 * On approval the child is put on the register if not yet on file, and paid from the month the
 * district's rule gives (R5.1); a refusal keeps its reason.
 */
export async function decideApplication(
  db: Db,
  actor: Actor,
  input: { id: number; approve: boolean; reason: string; on: LocalDate },
  settings: SubsidySettings,
): Promise<{ application: Application; childCreated: boolean }> {
  return db.$transaction(async (tx) => {
    const before = await lockApplication(tx, input.id);
    if (before.status !== 'reviewed') throw stepRefusal(before.id, before.status, '审批');
    const review = lastReview(before);
    if (input.approve && review?.result === '不通过') {
      throw new CaseworkRefusal(
        'REVIEW_FAILED',
        `申请 #${before.id} 审核未通过，不能批准（R5.1 审批复核）。请发送：审批 #${before.id} 不予批准 理由。`,
      );
    }
    if (input.approve && review?.byId === actor.id) {
      throw new CaseworkRefusal(
        'SAME_REVIEWER',
        `申请 #${before.id} 由您本人审核，审批须由另一位工作人员完成（R5.1 审批复核）。`,
      );
    }
    if (input.approve) {
      const id = parseIdNumber(before.idNumber);
      if (id.ok && !isUnder18(id.birthDate, input.on)) {
        throw new CaseworkRefusal(
          'TURNED_18',
          `${before.applicantName}已于${eighteenthBirthday(id.birthDate)}年满18周岁，不能批准（R1.0）。请发送：审批 #${before.id} 不予批准 已满18周岁。`,
        );
      }
    }
    if (!input.approve && !input.reason.trim()) {
      throw new CaseworkRefusal(
        'NO_REASON',
        '不予批准须写明理由，例如：审批 #12 不予批准 父亲未服刑满6个月。',
      );
    }
    let childId = before.childId;
    let childCreated = false;
    if (input.approve) {
      const onFile = await tx.child.findUnique({
        where: { idNumber: before.idNumber },
        select: { id: true },
      });
      if (onFile) {
        childId = onFile.id;
        await grantOnFile(tx, actor, before, onFile.id, input.on);
      } else {
        childId = (await putOnRegister(tx, actor, before, input.on)).id;
        childCreated = true;
      }
    }
    const payFrom = input.approve ? payFromMonth(input.on, settings.payFrom) : null;
    const after = await tx.subsidyApplication.update({
      where: { id: before.id },
      data: {
        status: input.approve ? 'approved' : 'refused',
        childId,
        payFromMonth: payFrom ? dateOf(payFrom) : null,
        steps: {
          create: {
            status: input.approve ? 'approved' : 'refused',
            byId: actor.id,
            on: dateOf(input.on),
            result: input.approve ? '批准' : '不予批准',
            note: input.reason,
          },
        },
      },
      include: { steps: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: input.approve ? 'application.approve' : 'application.refuse',
      entity: 'SubsidyApplication',
      entityId: before.id,
      before: { status: before.status },
      after: { status: after.status, childId, payFromMonth: payFrom, reason: input.reason },
    });
    return { application: after, childCreated };
  });
}

/** The application's review step, if it has had one. */
function lastReview(application: Application) {
  return application.steps.filter((step) => step.status === 'reviewed').at(-1);
}

/**
 * Approval for a child already on file: the child holds the category applied for from the day
 * of approval (unless they hold it already), and a child who had left the register is back on it.
 */
async function grantOnFile(
  tx: Prisma.TransactionClient,
  actor: Actor,
  application: Application,
  childId: number,
  on: LocalDate,
): Promise<void> {
  const child = await tx.child.findUniqueOrThrow({
    where: { id: childId },
    select: { registerStatus: true, leftOn: true, leftReason: true, categories: true },
  });
  const holds = child.categories.some(
    (c) => c.code === application.category && (c.endedOn === null || dayOf(c.endedOn) > on),
  );
  if (!holds) {
    const category = await tx.childCategory.create({
      data: {
        childId,
        code: application.category,
        startsOn: dateOf(on),
        evidence: `补贴申请 #${application.id}`,
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'child_category.add',
      entity: 'ChildCategory',
      entityId: category.id,
      after: category,
    });
  }
  if (child.registerStatus === 'left') {
    await tx.child.update({
      where: { id: childId },
      data: { registerStatus: 'in_register', leftOn: null, leftReason: null, leftNote: null },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'child.readmit',
      entity: 'Child',
      entityId: childId,
      before: { registerStatus: child.registerStatus, leftOn: child.leftOn, leftReason: child.leftReason },
      after: { registerStatus: 'in_register', application: application.id },
    });
  }
}

async function putOnRegister(
  tx: Prisma.TransactionClient,
  actor: Actor,
  application: Application,
  on: LocalDate,
): Promise<{ id: number }> {
  if (application.communityId === null) {
    throw new CaseworkRefusal(
      'NO_COMMUNITY',
      `申请 #${application.id} 没有写社区，无法建档：请先用“登记”为该儿童建档，再审批。`,
    );
  }
  const community = await tx.community.findUniqueOrThrow({ where: { id: application.communityId } });
  const director = await tx.staff.findFirst({
    where: { role: 'director', active: true, communityId: community.id },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  const id = parseIdNumber(application.idNumber);
  if (!id.ok) throw new CaseworkRefusal('BAD_ID', `申请 #${application.id} 的身份证号有误，无法建档。`);
  return createChildRecord(tx, actor, {
    name: application.applicantName,
    idNumber: id.idNumber,
    sex: id.sex,
    birthDate: id.birthDate,
    streetId: community.streetId,
    communityId: community.id,
    directorId: director?.id ?? null,
    address: '',
    categories: [application.category],
    evidence: `补贴申请 #${application.id}`,
    fatherStatus: 'unknown',
    motherStatus: 'unknown',
    on,
  });
}

/** Reads the application under a row lock, so two people cannot take the same step at once. */
async function lockApplication(tx: Prisma.TransactionClient, id: number): Promise<Application> {
  await tx.$queryRaw`SELECT id FROM "SubsidyApplication" WHERE id = ${id} FOR UPDATE`;
  const application = await tx.subsidyApplication.findUnique({ where: { id }, include: { steps: true } });
  if (!application) throw new CaseworkRefusal('NO_APPLICATION', `没有找到申请 #${id}。`);
  return application;
}

const STATUS_TEXT = {
  received: '已受理，待审核',
  reviewed: '已审核，待审批',
  approved: '已批准',
  refused: '已不予批准',
};

function stepRefusal(id: number, status: keyof typeof STATUS_TEXT, step: '审核' | '审批'): CaseworkRefusal {
  const next =
    status === 'received'
      ? `请先审核：审核 #${id} 通过 说明`
      : status === 'reviewed'
        ? `请审批：审批 #${id} 批准`
        : '';
  return new CaseworkRefusal(
    'WRONG_STEP',
    `申请 #${id} ${STATUS_TEXT[status]}，不能${step}（R5.1 受理→审核→审批）。${next}`.trim(),
  );
}

/** R5.1: where an application in progress stands, for 待办 lists (the digest, my work). */
export function waitingStepText(status: 'received' | 'reviewed', failedReview: boolean): string {
  if (status === 'received') return '待审核';
  return failedReview ? '审核未通过，待审批（不予批准）' : '已审核，待审批';
}

export function receivedDay(application: { receivedOn: Date }): LocalDate {
  return dayOf(application.receivedOn);
}
