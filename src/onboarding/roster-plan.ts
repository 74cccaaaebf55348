// The monthly update (R4.4) as a plan before anything is written: which rows are new children,
// which change a child on file (and how), which tier changes R3 refuses, and which children on
// file in the roster's streets are missing from it (candidates to leave; never removed here).
import type { CategoryCode } from '@prisma/client';
import { dayOf } from '../casework/history.js';
import { maskPhone } from '../chat/mask.js';
import type { Db } from '../db/client.js';
import {
  checkTransition,
  type Level,
  type LocalDate,
  TIER_LABELS,
  type TransitionResult,
} from '../policy/index.js';
import { formatGuardian } from './cell-words.js';
import type { RosterRow } from './roster-validate.js';

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface PlannedAssessment {
  on: LocalDate;
  tier: Level;
  transition: Extract<TransitionResult, { allowed: true }>;
  /** the period in force that the new one ends, if any */
  endsPeriodId: number | null;
}

export interface ChildOnFile {
  id: number;
  name: string;
  idNumber: string;
  streetId: number;
  communityId: number;
  directorId: number | null;
  address: string;
  parentNote: string;
  guardian: { id: number; relation: string; name: string; phone: string } | null;
  categories: { id: number; code: CategoryCode }[];
  latest: { tier: Level; on: LocalDate } | null;
  period: { id: number; level: Level; start: LocalDate } | null;
}

export interface ChangedChild {
  row: RosterRow;
  child: ChildOnFile;
  changes: FieldChange[];
  assessment: PlannedAssessment | null;
}

export interface TierRefusal {
  row: RosterRow;
  message: string;
}

export interface LeaveCandidate {
  id: number;
  name: string;
  idNumber: string;
  street: string;
  community: string;
  director: string;
}

export interface ImportPlan {
  added: { row: RosterRow; assessment: PlannedAssessment | null }[];
  changed: ChangedChild[];
  unchanged: number;
  refusals: TierRefusal[];
  leaveCandidates: LeaveCandidate[];
}

export interface Names {
  street(id: number): string;
  community(id: number): string;
  staff(id: number | null): string;
}

/** Reads the children on file that the roster names, and plans every change. */
export async function planImport(
  db: Db,
  rows: RosterRow[],
  today: LocalDate,
  names: Names,
): Promise<ImportPlan> {
  const onFile = await loadChildren(
    db,
    rows.map((r) => r.idNumber),
  );
  const plan: ImportPlan = { added: [], changed: [], unchanged: 0, refusals: [], leaveCandidates: [] };
  for (const row of rows) {
    const child = onFile.get(row.idNumber);
    if (!child) {
      const on = row.assessedOn ?? today;
      const assessment = row.tier === null ? null : initialAssessment(row.tier, on);
      plan.added.push({ row, assessment });
      continue;
    }
    const changes = compare(child, row, names);
    const tier = planTier(child, row, today);
    if (tier && 'message' in tier) plan.refusals.push({ row, message: tier.message });
    const assessment = tier && !('message' in tier) ? tier : null;
    if (assessment) {
      changes.push({
        field: '风险等级',
        from: child.latest ? tierText(child.latest.tier) : '未评估',
        to: `${tierText(assessment.tier)}（评估日期 ${assessment.on}）`,
      });
    }
    if (changes.length > 0) plan.changed.push({ row, child, changes, assessment });
    else plan.unchanged++;
  }
  plan.leaveCandidates = await findLeaveCandidates(db, rows, names);
  return plan;
}

export function tierText(tier: Level): string {
  return `${tier}（${TIER_LABELS[tier]}）`;
}

function initialAssessment(tier: Level, on: LocalDate): PlannedAssessment {
  const transition = checkTransition(null, tier, on);
  if (!transition.allowed) throw new Error('a first assessment is always allowed (R2)');
  return { on, tier, transition, endsPeriodId: null };
}

/** R3 for a tier in the roster against the child's file; null when nothing is to change. */
function planTier(
  child: ChildOnFile,
  row: RosterRow,
  today: LocalDate,
): PlannedAssessment | { message: string } | null {
  if (row.tier === null) return null;
  const latest = child.latest;
  if (latest && latest.tier === row.tier && (row.assessedOn === null || row.assessedOn <= latest.on))
    return null;
  // A tier is set only by an assessment (R2): a stale sheet without a date must not undo one.
  if (latest && row.assessedOn === null) {
    return {
      message: `风险等级 ${tierText(row.tier)} 与系统中的 ${tierText(latest.tier as Level)}（${latest.on} 评估）不同，但没有评估日期，未采纳；如有新的评估，请填写评估日期`,
    };
  }
  const on = row.assessedOn ?? today;
  const floor = [latest?.on, child.period?.start]
    .filter((d): d is string => Boolean(d))
    .sort()
    .pop();
  if (floor && on < floor) {
    return {
      message: `评估日期 ${on} 早于系统中最近一次评估（${floor}），风险等级 ${tierText(row.tier)} 未采纳；如有新的评估，请填写其日期`,
    };
  }
  const period = child.period;
  const transition = checkTransition(
    period ? { level: period.level, start: period.start } : null,
    row.tier,
    on,
  );
  if (!transition.allowed) {
    const from = tierText(transition.period.level);
    const reason =
      transition.rule === 'R3.3'
        ? '一级保护不能一次降为四级（R3.3），请先降为二级或三级'
        : `保护期未满，${transition.earliestOn} 起才能降级（R3.2）`;
    return { message: `风险等级 ${from} → ${tierText(row.tier)} 未采纳：${reason}` };
  }
  return {
    on,
    tier: row.tier,
    transition,
    endsPeriodId: transition.startsNewPeriod ? (period?.id ?? null) : null,
  };
}

function compare(child: ChildOnFile, row: RosterRow, names: Names): FieldChange[] {
  const changes: FieldChange[] = [];
  const field = (name: string, from: string, to: string) => {
    if (from !== to) changes.push({ field: name, from: from || '（空）', to: to || '（空）' });
  };
  field('姓名', child.name, row.name);
  field('街道', names.street(child.streetId), names.street(row.streetId));
  field('社区', names.community(child.communityId), names.community(row.communityId));
  field('儿童主任', names.staff(child.directorId), names.staff(row.directorId));
  field(
    '类别',
    child.categories
      .map((c) => c.code)
      .sort()
      .join('、'),
    row.categories.join('、'),
  );
  field('监护人', formatGuardian(child.guardian), formatGuardian(row.guardian));
  // Compared whole, listed masked: the change list is printed on the operator's console.
  if ((child.guardian?.phone ?? '') !== row.phone) {
    changes.push({
      field: '联系电话',
      from: maskPhone(child.guardian?.phone ?? '') || '（空）',
      to: maskPhone(row.phone) || '（空）',
    });
  }
  field('家庭住址', child.address, row.address);
  field('备注', child.parentNote, row.note);
  return changes;
}

async function loadChildren(db: Db, idNumbers: string[]): Promise<Map<string, ChildOnFile>> {
  const found = new Map<string, ChildOnFile>();
  for (let i = 0; i < idNumbers.length; i += 2000) {
    const children = await db.child.findMany({
      where: { idNumber: { in: idNumbers.slice(i, i + 2000) }, registerStatus: 'in_register' },
      include: {
        guardians: { where: { endedOn: null, isPrimary: true }, orderBy: { id: 'desc' }, take: 1 },
        categories: { where: { endedOn: null }, select: { id: true, code: true } },
        assessments: {
          where: { voidedAt: null },
          orderBy: [{ assessedOn: 'desc' }, { id: 'desc' }],
          take: 1,
        },
        periods: {
          where: { voidedAt: null, endedOn: null },
          orderBy: [{ startOn: 'desc' }, { id: 'desc' }],
          take: 1,
        },
      },
    });
    for (const c of children) {
      const g = c.guardians[0];
      const a = c.assessments[0];
      const p = c.periods[0];
      found.set(c.idNumber, {
        id: c.id,
        name: c.name,
        idNumber: c.idNumber,
        streetId: c.streetId,
        communityId: c.communityId,
        directorId: c.directorId,
        address: c.address,
        parentNote: c.parentNote,
        guardian: g ? { id: g.id, relation: g.relation, name: g.name, phone: g.phone } : null,
        categories: c.categories,
        latest: a ? { tier: a.tier as Level, on: dayOf(a.assessedOn) } : null,
        period: p ? { id: p.id, level: p.level as Level, start: dayOf(p.startOn) } : null,
      });
    }
  }
  return found;
}

/** Children on the register in the roster's streets whose ID number the roster lacks. */
async function findLeaveCandidates(db: Db, rows: RosterRow[], names: Names): Promise<LeaveCandidate[]> {
  const streets = [...new Set(rows.map((r) => r.streetId))];
  const inFile = new Set(rows.map((r) => r.idNumber));
  const onRegister = await db.child.findMany({
    where: { streetId: { in: streets }, registerStatus: 'in_register' },
    select: { id: true, name: true, idNumber: true, streetId: true, communityId: true, directorId: true },
    orderBy: [{ streetId: 'asc' }, { communityId: 'asc' }, { name: 'asc' }],
  });
  return onRegister
    .filter((c) => !inFile.has(c.idNumber))
    .map((c) => ({
      id: c.id,
      name: c.name,
      idNumber: c.idNumber,
      street: names.street(c.streetId),
      community: names.community(c.communityId),
      director: names.staff(c.directorId),
    }));
}
