// The numbers of the overview, per street and per director, counted over the facts rows with
// the measures' own conditions; the drill-down lists the rows behind one number.
import { Prisma } from '@prisma/client';
import type { StaffUser } from '../chat/scope.js';
import type { Db } from '../db/client.js';
import { CATEGORY_GROUP_LABELS } from '../policy/index.js';
import { factsCte, type Measure, measureSql, type OverviewFrame } from './overview-facts.js';

export const GROUPS = Object.keys(CATEGORY_GROUP_LABELS) as (keyof typeof CATEGORY_GROUP_LABELS)[];

/** Every number the overview shows for a street (or a director), by name. */
export const MEASURES = {
  total: {},
  tier1: { tier: 1 },
  tier2: { tier: 2 },
  tier3: { tier: 3 },
  tier4: { tier: 4 },
  tier0: { tier: 0 },
  C1: { group: 'C1' },
  C2: { group: 'C2' },
  C3: { group: 'C3' },
  C4: { group: 'C4' },
  C5: { group: 'C5' },
  C6: { group: 'C6' },
  monthDue: { visit: 'month' },
  monthDone: { visit: 'month', state: 'done' },
  monthOpen: { visit: 'month', state: 'open' },
  quarterDue: { visit: 'quarter' },
  quarterDone: { visit: 'quarter', state: 'done' },
  quarterOpen: { visit: 'quarter', state: 'open' },
  overdue: { overdue: true },
  reviewSoon: { review: 'soon' },
  reviewOverdue: { review: 'overdue' },
  spot: { spot: true },
} as const satisfies Record<string, Measure>;

export type MeasureName = keyof typeof MEASURES;
export type Counts = Record<MeasureName, number>;

export interface DirectorCounts {
  streetId: number;
  directorId: number | null;
  counts: Counts;
}

const NAMES = Object.keys(MEASURES) as MeasureName[];

/** Counts per (street, director) in the person's scope, in one statement. */
export async function countFacts(db: Db, user: StaffUser, frame: OverviewFrame): Promise<DirectorCounts[]> {
  const columns = NAMES.map(
    (name) =>
      Prisma.sql`count(*) FILTER (WHERE ${measureSql(MEASURES[name], frame)})::int AS ${Prisma.raw(`"${name}"`)}`,
  );
  const rows = await db.$queryRaw<({ streetId: number; directorId: number | null } & Counts)[]>`
    ${factsCte(user, frame)}
    SELECT f."streetId", f."directorId", ${Prisma.join(columns)}
      FROM facts f GROUP BY f."streetId", f."directorId"`;
  return rows.map(({ streetId, directorId, ...counts }) => ({ streetId, directorId, counts }));
}

export function addCounts(into: Counts, from: Counts): Counts {
  for (const name of NAMES) into[name] = (into[name] ?? 0) + from[name];
  return into;
}

export function zeroCounts(): Counts {
  return Object.fromEntries(NAMES.map((n) => [n, 0])) as Counts;
}

/** A drill-down request, read from the query string: unknown keys and values are refused. */
export interface DrillDown {
  measure: MeasureName;
  streetId?: number;
  directorId?: number | null;
}

export function parseDrillDown(query: Record<string, unknown>): DrillDown | undefined {
  const measure = query.m;
  if (typeof measure !== 'string' || !Object.hasOwn(MEASURES, measure)) return undefined;
  const out: DrillDown = { measure: measure as MeasureName };
  const int = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
  if (query.street !== undefined) {
    out.streetId = int(query.street);
    if (out.streetId === undefined) return undefined;
  }
  if (query.director !== undefined) {
    out.directorId = query.director === 'none' ? null : int(query.director);
    if (out.directorId === undefined) return undefined;
  }
  return out;
}

export function drillDownHref(measure: MeasureName, streetId?: number, directorId?: number | null): string {
  const q = new URLSearchParams({ m: measure });
  if (streetId !== undefined) q.set('street', String(streetId));
  if (directorId !== undefined) q.set('director', directorId === null ? 'none' : String(directorId));
  return `/web/overview/children?${q}`;
}

export interface DrillRow {
  id: number;
  name: string;
  level: number;
  street: string;
  community: string;
  director: string | null;
  visit_done: boolean;
  visit_overdue: number;
  review_on: string | null;
}

export const DRILL_LIMIT = 1000;

/** The children behind one number (at most DRILL_LIMIT, and the full count). */
export async function drillDownRows(
  db: Db,
  user: StaffUser,
  frame: OverviewFrame,
  drill: DrillDown,
): Promise<{ rows: DrillRow[]; total: number }> {
  const where = [measureSql(MEASURES[drill.measure], frame)];
  if (drill.streetId !== undefined) where.push(Prisma.sql`f."streetId" = ${drill.streetId}`);
  if (drill.directorId === null) where.push(Prisma.sql`f."directorId" IS NULL`);
  else if (drill.directorId !== undefined) where.push(Prisma.sql`f."directorId" = ${drill.directorId}`);
  const rows = await db.$queryRaw<(DrillRow & { total: number })[]>`
    ${factsCte(user, frame, drill.streetId)}
    SELECT f.id, f.name, f.level, st.name AS street, cm.name AS community, d.name AS director,
           f.visit_done, f.visit_overdue, f.review_on::text AS review_on, count(*) OVER ()::int AS total
      FROM facts f
      JOIN "Street" st ON st.id = f."streetId"
      JOIN "Community" cm ON cm.id = f."communityId"
      LEFT JOIN "Staff" d ON d.id = f."directorId"
     WHERE ${Prisma.join(where, ' AND ')}
     ORDER BY f.level = 0, f.level, f.id
     LIMIT ${DRILL_LIMIT}`;
  return { rows, total: rows[0]?.total ?? 0 };
}
