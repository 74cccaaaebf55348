// The district-wide facts the digest needs beside the children: people, streets, open urgent
// reports, the month's payments and forecasts, applications waiting, this year's spot checks.
// One query each, whatever the size of the district.

import { dateOf } from '../casework/history.js';
import type { Db } from '../db/client.js';
import {
  addMonths,
  type CategoryCode,
  type LocalDate,
  monthOf,
  nextForecast,
  paymentDeadline,
  type StaffRole,
} from '../policy/index.js';

export interface StaffRow {
  id: number;
  userid: string;
  name: string;
  role: StaffRole;
  streetId: number | null;
  active: boolean;
}

export interface UrgentRow {
  id: number;
  childId: number | null;
  childName: string;
  reportedAt: Date;
  reporterId: number;
  /** the child's street, or else the reporter's */
  streetId: number | null;
  directorId: number | null;
}

export interface ApplicationRow {
  id: number;
  streetId: number;
  applicantName: string;
  category: CategoryCode;
  receivedOn: string;
  status: 'received' | 'reviewed';
  /** reviewed with the result 不通过: the decision left is a refusal */
  failedReview: boolean;
}

export interface DigestContext {
  /** children on the register, for progress reports */
  childCount: number;
  staff: StaffRow[];
  streets: { id: number; name: string }[];
  urgent: UrgentRow[];
  /** streets whose payment for today's month is recorded (R5.2) */
  paidStreets: Set<number>;
  /** earlier months (up to a year back, not before the register began) a street has not recorded paid */
  unpaidMonths: Map<number, LocalDate[]>;
  /** streets that submitted the forecast asked for this month's 25th (R5.3) */
  forecastStreets: Set<number>;
  forecastQuarter: string;
  applications: ApplicationRow[];
  /** days of this year's spot checks per street (R4.3) */
  spotChecks: Map<number, LocalDate[]>;
}

/**
 * Loads the context for `today`. An urgent report counts as open until it is closed or the
 * child gets an assessment made on or after the report's day and recorded after the report
 * (R6.1 asks for one); `asOf` hides reports filed later.
 */
export async function loadContext(db: Db, today: LocalDate, asOf: Date): Promise<DigestContext> {
  // The forecast due on this month's 25th, when this month asks for one (R5.3).
  const forecast = nextForecast(paymentDeadline(today));
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const [childCount, staff, streets, urgent, paid, forecasts, applications, spots, unpaid] =
    await Promise.all([
      db.child.count({ where: { registerStatus: 'in_register' } }),
      db.staff.findMany({
        select: { id: true, userid: true, name: true, role: true, streetId: true, active: true },
        orderBy: { id: 'asc' },
      }),
      db.street.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } }),
      db.$queryRawUnsafe<UrgentRow[]>(
        `SELECT u.id, u."childId", u."childName", u."reportedAt", u."reporterId",
         coalesce(c."streetId", r."streetId") AS "streetId", c."directorId"
       FROM "UrgentReport" u
       JOIN "Staff" r ON r.id = u."reporterId"
       LEFT JOIN "Child" c ON c.id = u."childId"
       WHERE u.status <> 'closed' AND u."reportedAt" <= $1
         AND NOT EXISTS (SELECT 1 FROM "Assessment" a
           WHERE a."childId" = u."childId" AND a."voidedAt" IS NULL AND a."createdAt" >= u."reportedAt"
             AND a."assessedOn" >= (u."reportedAt" AT TIME ZONE 'Asia/Shanghai')::date)
       ORDER BY u."reportedAt", u.id`,
        asOf,
      ),
      db.paymentBatch.findMany({ where: { month: dateOf(monthOf(today)) }, select: { streetId: true } }),
      db.quarterlyForecast.findMany({ where: { quarter: forecast.forQuarter }, select: { streetId: true } }),
      db.$queryRawUnsafe<ApplicationRow[]>(
        `SELECT a.id, a."streetId", a."applicantName", a.category::text AS category,
         a."receivedOn"::text AS "receivedOn", a.status::text AS status,
         EXISTS (SELECT 1 FROM "ApplicationStep" s
                 WHERE s."applicationId" = a.id AND s.status = 'reviewed' AND s.result = '不通过') AS "failedReview"
       FROM "SubsidyApplication" a WHERE a.status IN ('received', 'reviewed')
       ORDER BY a."receivedOn", a.id`,
      ),
      db.$queryRawUnsafe<{ streetId: number; day: string }[]>(
        `SELECT DISTINCT c."streetId", v."visitedOn"::text AS day
       FROM "Visit" v JOIN "Child" c ON c.id = v."childId"
       WHERE v.kind = 'spot_check' AND v."voidedAt" IS NULL AND v."visitedOn" BETWEEN $1::date AND $2::date`,
        yearStart,
        today,
      ),
      // R5.2 / R5.5: a month left unrecorded keeps being reminded after its own month is over.
      db.$queryRawUnsafe<{ streetId: number; month: string }[]>(
        `WITH start AS (
         SELECT greatest(
           least((SELECT min(month) FROM "PaymentBatch"),
                 (SELECT date_trunc('month', min("createdAt" AT TIME ZONE 'Asia/Shanghai'))::date FROM "Child")),
           $1::date) AS m)
       SELECT s.id AS "streetId", g.m::date::text AS month
       FROM "Street" s, start, generate_series(start.m, $2::date, interval '1 month') AS g(m)
       WHERE start.m IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM "PaymentBatch" b WHERE b."streetId" = s.id AND b.month = g.m::date)
       ORDER BY s.id, g.m`,
        addMonths(monthOf(today), -12),
        addMonths(monthOf(today), -1),
      ),
    ]);
  const unpaidMonths = new Map<number, LocalDate[]>();
  for (const u of unpaid) unpaidMonths.set(u.streetId, [...(unpaidMonths.get(u.streetId) ?? []), u.month]);

  const spotChecks = new Map<number, LocalDate[]>();
  for (const s of spots) spotChecks.set(s.streetId, [...(spotChecks.get(s.streetId) ?? []), s.day]);
  return {
    childCount,
    staff,
    streets,
    urgent,
    paidStreets: new Set(paid.map((p) => p.streetId)),
    unpaidMonths,
    forecastStreets: new Set(forecasts.map((f) => f.streetId)),
    forecastQuarter: forecast.forQuarter,
    applications,
    spotChecks,
  };
}
