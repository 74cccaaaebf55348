// Loading what the policy engine needs about children, in a few set-based queries
// (not one per child): protection periods, visits with the visitor's role, services.

import type { Db } from '../db/client.js';
import type {
  ChildHistory,
  Level,
  LevelPeriod,
  LocalDate,
  ServiceRecord,
  VisitRecord,
} from '../policy/index.js';

/** A Date from a `@db.Date` column as the calendar day it stores. */
export function dayOf(date: Date): LocalDate {
  return date.toISOString().slice(0, 10);
}

/** A calendar day as the Date Prisma writes to a `@db.Date` column. */
export function dateOf(day: LocalDate): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** The policy history of each child, keyed by child id; voided records are left out. */
export async function loadHistories(db: Db, childIds: number[]): Promise<Map<number, ChildHistory>> {
  if (childIds.length === 0) return new Map();
  const [children, periods, assessments, visits, services] = await Promise.all([
    db.child.findMany({
      where: { id: { in: childIds } },
      select: { id: true, birthDate: true, leftOn: true },
    }),
    db.protectionPeriod.findMany({
      where: { childId: { in: childIds }, voidedAt: null },
      select: { childId: true, level: true, startOn: true },
    }),
    db.assessment.groupBy({
      by: ['childId'],
      where: { childId: { in: childIds }, voidedAt: null },
      _max: { assessedOn: true },
    }),
    db.visit.findMany({
      where: { childId: { in: childIds }, voidedAt: null },
      select: { childId: true, visitedOn: true, kind: true, staff: { select: { role: true } } },
    }),
    db.serviceSession.findMany({
      where: { childId: { in: childIds }, voidedAt: null },
      select: { childId: true, servedOn: true, type: true, recipient: true },
    }),
  ]);

  type Building = ChildHistory & { periods: LevelPeriod[]; visits: VisitRecord[]; services: ServiceRecord[] };
  const histories = new Map<number, Building>();
  for (const c of children) {
    histories.set(c.id, {
      periods: [],
      visits: [],
      services: [],
      birthDate: dayOf(c.birthDate),
      leftOn: c.leftOn ? dayOf(c.leftOn) : undefined,
    });
  }
  for (const p of periods)
    histories.get(p.childId)?.periods.push({ level: p.level as Level, start: dayOf(p.startOn) });
  for (const a of assessments) {
    const h = histories.get(a.childId);
    if (h && a._max.assessedOn) h.lastAssessedOn = dayOf(a._max.assessedOn);
  }
  for (const v of visits) {
    histories.get(v.childId)?.visits.push({
      on: dayOf(v.visitedOn),
      kind: v.kind,
      by: v.staff.role,
    });
  }
  for (const s of services) {
    histories.get(s.childId)?.services.push({
      on: dayOf(s.servedOn),
      type: s.type,
      recipient: s.recipient,
    });
  }
  return histories;
}
