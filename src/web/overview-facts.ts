// One row of facts per child in a person's scope, in one set-based SQL statement: the level in
// force, whether this period's R4.2 visit is done, whether it falls due by the end of this
// month or quarter, how many past R4.2 periods of the level ended without one, the review
// date (R3.5) and this year's spot check (R4.3). The overview counts these rows and the
// drill-down lists them, through the same predicates, so every number matches its list.
// Rule parameters come from the policy engine (DUTIES, countsAsVisit, MINIMUM_PERIOD_MONTHS,
// calendar periods), never from constants here.
import { Prisma } from '@prisma/client';
import { childScopeSql, type StaffUser } from '../chat/scope.js';
import { HORIZON_DAYS } from '../digest/build.js';
import {
  addDays,
  countsAsVisit,
  DUTIES,
  type Level,
  type LocalDate,
  MINIMUM_PERIOD_MONTHS,
  type PeriodKind,
  periodOf,
  type StaffRole,
  type VisitKind,
} from '../policy/index.js';

const LEVELS: Level[] = [1, 2, 3, 4];
const MONTHS: Record<Exclude<PeriodKind, 'week'>, number> = { month: 1, quarter: 3, half: 6, year: 12 };
const VISIT_KINDS: VisitKind[] = ['home', 'phone', 'spot_check'];
const ROLES: StaffRole[] = ['director', 'supervisor', 'street', 'district'];

/**
 * The visits R4.2 counts, read off the engine's own predicate over every kind and role. The
 * SQL below needs them as "these kinds by these roles", which the engine's rule is; a rule
 * of another shape stops the server at start-up rather than counting wrongly.
 */
export const COUNTED_VISITS = countedVisits();

function countedVisits(): { kinds: VisitKind[]; roles: StaffRole[] } {
  const pairs = VISIT_KINDS.flatMap((kind) =>
    ROLES.filter((by) => countsAsVisit({ on: '2000-01-01', kind, by })).map((by) => ({ kind, by })),
  );
  const kinds = [...new Set(pairs.map((p) => p.kind))];
  const roles = [...new Set(pairs.map((p) => p.by))];
  if (kinds.length * roles.length !== pairs.length) {
    throw new Error('countsAsVisit is no longer "kinds by roles": the overview SQL must change with it');
  }
  return { kinds, roles };
}

/** The calendar frame of the overview for one day. */
export interface OverviewFrame {
  today: LocalDate;
  month: { start: LocalDate; end: LocalDate; label: string };
  quarter: { start: LocalDate; end: LocalDate; label: string };
  year: { start: LocalDate; end: LocalDate; label: string };
  reviewUntil: LocalDate;
}

export function overviewFrame(today: LocalDate): OverviewFrame {
  return {
    today,
    month: periodOf('month', today),
    quarter: periodOf('quarter', today),
    year: periodOf('year', today),
    reviewUntil: addDays(today, HORIZON_DAYS.review),
  };
}

/** Per level: the R4.2 visit period in force today, in months, and the minimum period. */
function levelTable(today: LocalDate): Prisma.Sql {
  const rows = LEVELS.map((level) => {
    const spec = DUTIES[level].find((s) => s.duty === 'visit')!;
    if (spec.per === 'week') throw new Error('weekly visits are not supported by the overview');
    const period = periodOf(spec.per, today);
    const review = MINIMUM_PERIOD_MONTHS[level] ?? 0;
    return Prisma.sql`(${level}::int, ${MONTHS[spec.per]}::int, ${period.start}::date, ${period.end}::date, ${review}::int)`;
  });
  return Prisma.sql`VALUES ${Prisma.join(rows)}`;
}

/** Index of the calendar period of `months` months holding a date column. */
const periodIndex = (column: Prisma.Sql) =>
  Prisma.sql`((EXTRACT(YEAR FROM ${column})::int * 12 + EXTRACT(MONTH FROM ${column})::int - 1) / k.months)`;

/**
 * The facts CTE (`WITH ... facts AS (...)`) over the children on the register, under 18, in
 * the person's scope (and one street, for a drill-down); columns: id, name, "streetId", "communityId", "directorId", level (0 = not
 * assessed), groups (category groups held today), visit_done, due_month, due_quarter, visit_overdue, review_on, spot_checked.
 */
export function factsCte(user: StaffUser, frame: OverviewFrame, streetId?: number): Prisma.Sql {
  const t = frame.today;
  // Set-based throughout (joins over whole tables, no query per child).
  return Prisma.sql`
  WITH lv(level, months, pstart, pend, review_months) AS (${levelTable(t)}),
  cur AS (
    SELECT DISTINCT ON (pp."childId") pp."childId", pp.level, pp."startOn", pp."reviewOn"
      FROM "ProtectionPeriod" pp
     WHERE pp."voidedAt" IS NULL AND pp."startOn" <= ${t}::date
     ORDER BY pp."childId", pp."startOn" DESC, pp.id DESC
  ),
  kids AS (
    SELECT c.id, c.name, c."streetId", c."communityId", c."directorId",
           COALESCE(p.level, 0) AS level, p."startOn" AS since, p."reviewOn" AS base_review,
           ((c."birthDate" + interval '18 years')::date - 1) AS last_day,
           lv.months, lv.pstart, lv.pend, lv.review_months
      FROM "Child" c
      LEFT JOIN cur p ON p."childId" = c.id
      LEFT JOIN lv ON lv.level = p.level
     WHERE c."registerStatus" = 'in_register' AND ${childScopeSql(user)}
       AND ${streetId === undefined ? Prisma.sql`TRUE` : Prisma.sql`c."streetId" = ${streetId}`}
       AND (c."birthDate" + interval '18 years')::date > ${t}::date
  ),
  counted AS (
    SELECT DISTINCT v."childId", ${periodIndex(Prisma.sql`v."visitedOn"`)} AS idx,
           v."visitedOn" >= GREATEST(k.pstart, k.since) AS current
      FROM "Visit" v JOIN kids k ON k.id = v."childId"
     WHERE v."voidedAt" IS NULL AND v.kind::text = ANY(${COUNTED_VISITS.kinds})
       AND v."staffId" IN (SELECT s.id FROM "Staff" s WHERE s.role::text = ANY(${COUNTED_VISITS.roles}))
       AND k.level > 0 AND v."visitedOn" >= k.since AND v."visitedOn" <= ${t}::date
  ),
  visits AS (
    SELECT "childId", bool_or(current) AS done, count(*) FILTER (WHERE NOT current)::int AS covered
      FROM counted GROUP BY "childId"
  ),
  assessed AS (
    SELECT a."childId", max(a."assessedOn") AS last FROM "Assessment" a
     WHERE a."voidedAt" IS NULL GROUP BY a."childId"
  ),
  held AS (
    SELECT g."childId", array_agg(DISTINCT left(g.code::text, 2)) AS groups FROM "ChildCategory" g
     WHERE g."startsOn" <= ${t}::date AND (g."endedOn" IS NULL OR g."endedOn" > ${t}::date)
     GROUP BY g."childId"
  ),
  spotted AS (
    SELECT DISTINCT v."childId" FROM "Visit" v
     WHERE v.kind = 'spot_check' AND v."voidedAt" IS NULL
       AND v."visitedOn" BETWEEN ${frame.year.start}::date AND ${t}::date
  ),
  facts AS (
    SELECT k.id, k.name, k."streetId", k."communityId", k."directorId", k.level,
      COALESCE(h.groups, '{}') AS groups,
      (k.level > 0 AND COALESCE(vs.done, FALSE)) AS visit_done,
      (k.level > 0 AND LEAST(k.pend, k.last_day) <= ${frame.month.end}::date) AS due_month,
      (k.level > 0 AND LEAST(k.pend, k.last_day) <= ${frame.quarter.end}::date) AS due_quarter,
      CASE WHEN k.level = 0 THEN 0 ELSE
        ${periodIndex(Prisma.sql`${t}::date`)} - ${periodIndex(Prisma.sql`k.since`)} - COALESCE(vs.covered, 0)
      END AS visit_overdue,
      CASE WHEN k.level BETWEEN 1 AND 3 THEN
        CASE WHEN a.last >= k.base_review THEN (a.last + make_interval(months => k.review_months))::date
             ELSE k.base_review END
      END AS review_on,
      (sp."childId" IS NOT NULL) AS spot_checked
      FROM kids k
      LEFT JOIN visits vs ON vs."childId" = k.id
      LEFT JOIN assessed a ON a."childId" = k.id
      LEFT JOIN held h ON h."childId" = k.id
      LEFT JOIN spotted sp ON sp."childId" = k.id
  )`;
}

/** What a number on the overview counts; the drill-down takes the same keys from the URL. */
export interface Measure {
  tier?: Level | 0;
  /** category group C1–C6 */
  group?: string;
  visit?: 'month' | 'quarter';
  state?: 'done' | 'open';
  overdue?: boolean;
  review?: 'soon' | 'overdue';
  spot?: boolean;
}

/** The SQL condition on a facts row for a measure (all children when empty). */
export function measureSql(m: Measure, frame: OverviewFrame): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (m.tier !== undefined) parts.push(Prisma.sql`f.level = ${m.tier}`);
  if (m.group) parts.push(Prisma.sql`${m.group} = ANY(f.groups)`);
  if (m.visit === 'month') parts.push(Prisma.sql`f.due_month`);
  if (m.visit === 'quarter') parts.push(Prisma.sql`f.due_quarter`);
  if (m.state === 'done') parts.push(Prisma.sql`f.visit_done`);
  if (m.state === 'open') parts.push(Prisma.sql`NOT f.visit_done`);
  if (m.overdue) parts.push(Prisma.sql`f.visit_overdue > 0`);
  if (m.review === 'soon') {
    parts.push(Prisma.sql`f.review_on BETWEEN ${frame.today}::date AND ${frame.reviewUntil}::date`);
  }
  if (m.review === 'overdue') parts.push(Prisma.sql`f.review_on < ${frame.today}::date`);
  if (m.spot) parts.push(Prisma.sql`f.spot_checked`);
  return Prisma.join(parts, ' AND ');
}
