// Loading what the policy engine needs about children in one set-based query (not one per
// child): protection periods, the latest assessment, visits with the visitor's role, services.

import type { Db } from '../db/client.js';
import type {
  ChildHistory,
  Level,
  LevelPeriod,
  LocalDate,
  ServiceRecipient,
  ServiceRecord,
  ServiceType,
  StaffRole,
  VisitKind,
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

interface HistoryRow {
  k: 'c' | 'p' | 'a' | 'v' | 's';
  child: number;
  /** a calendar day as 'YYYY-MM-DD' (text, so no time zone can shift it) */
  d: string | null;
  /** level; or left-on day for 'c'; or visit kind / service type */
  x: string | null;
  /** visitor role / service recipient */
  y: string | null;
}

/**
 * The policy history of each child, keyed by child id; voided records are left out.
 * One round trip for any number of children: the chat's tier card needs it for one child
 * within a few milliseconds, the digest for every child on the register.
 */
export async function loadHistories(db: Db, childIds: number[]): Promise<Map<number, ChildHistory>> {
  if (childIds.length === 0) return new Map();
  const rows = await db.$queryRaw<HistoryRow[]>`
    SELECT 'c' AS k, id AS child, "birthDate"::text AS d, "leftOn"::text AS x, NULL AS y
      FROM "Child" WHERE id = ANY(${childIds})
    UNION ALL
    SELECT 'p', "childId", "startOn"::text, level::text, NULL
      FROM "ProtectionPeriod" WHERE "childId" = ANY(${childIds}) AND "voidedAt" IS NULL
    UNION ALL
    SELECT 'a', "childId", max("assessedOn")::text, NULL, NULL
      FROM "Assessment" WHERE "childId" = ANY(${childIds}) AND "voidedAt" IS NULL GROUP BY "childId"
    UNION ALL
    SELECT 'v', v."childId", v."visitedOn"::text, v.kind::text, s.role::text
      FROM "Visit" v JOIN "Staff" s ON s.id = v."staffId"
      WHERE v."childId" = ANY(${childIds}) AND v."voidedAt" IS NULL
    UNION ALL
    SELECT 's', "childId", "servedOn"::text, type::text, recipient::text
      FROM "ServiceSession" WHERE "childId" = ANY(${childIds}) AND "voidedAt" IS NULL`;

  type Building = ChildHistory & { periods: LevelPeriod[]; visits: VisitRecord[]; services: ServiceRecord[] };
  const histories = new Map<number, Building>();
  for (const row of rows) {
    if (row.k === 'c') {
      histories.set(row.child, {
        periods: [],
        visits: [],
        services: [],
        birthDate: row.d ?? undefined,
        leftOn: row.x ?? undefined,
      });
    }
  }
  for (const row of rows) {
    const h = histories.get(row.child);
    if (!h || row.d === null) continue;
    if (row.k === 'p') h.periods.push({ level: Number(row.x) as Level, start: row.d });
    else if (row.k === 'a') h.lastAssessedOn = row.d;
    else if (row.k === 'v') h.visits.push({ on: row.d, kind: row.x as VisitKind, by: row.y as StaffRole });
    else if (row.k === 's')
      h.services.push({ on: row.d, type: row.x as ServiceType, recipient: row.y as ServiceRecipient });
  }
  return histories;
}
