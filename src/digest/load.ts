// What the digest reads, in set-based queries over pages of the register: for each page of
// children, one query for their levels and categories, then one each for visits and services
// from the day their to-do list can depend on (window.ts). Records come back as one packed
// string per child, which is far cheaper than a row object per record.
import type { Db } from '../db/client.js';
import type {
  CategoryCode,
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
import { levelAndReadFrom } from './window.js';

export interface HeldCategoryRow {
  code: CategoryCode;
  startsOn: LocalDate;
  endedOn?: LocalDate;
  evidenceUntil?: LocalDate;
}

export interface RosterChild {
  id: number;
  name: string;
  streetId: number;
  directorId: number | null;
  history: ChildHistory & { visits: VisitRecord[]; services: ServiceRecord[] };
  categories: HeldCategoryRow[];
  level: Level | null;
  readFrom: LocalDate | null;
}

interface RosterRow {
  id: number;
  name: string;
  streetId: number;
  directorId: number | null;
  birth: string;
  left: string | null;
  periods: string | null;
  assessed: string | null;
  categories: string | null;
}

/**
 * The next `limit` children on the register after id `afterId`, with levels, latest assessment
 * and categories (no records yet). Keyset pages in id order, each one query with an index
 * lookup per child, so a page costs the same however large the district.
 */
export async function loadRosterPage(
  db: Db,
  today: LocalDate,
  afterId: number,
  limit: number,
): Promise<RosterChild[]> {
  const rows = await db.$queryRawUnsafe<RosterRow[]>(
    `SELECT c.id, c.name, c."streetId", c."directorId",
      c."birthDate"::text AS birth, c."leftOn"::text AS left,
      (SELECT string_agg(p.level || ':' || p."startOn"::text, ',' ORDER BY p.id)
         FROM "ProtectionPeriod" p WHERE p."childId" = c.id AND p."voidedAt" IS NULL) AS periods,
      (SELECT max(a."assessedOn")::text
         FROM "Assessment" a WHERE a."childId" = c.id AND a."voidedAt" IS NULL) AS assessed,
      (SELECT string_agg(k.code::text || ':' || k."startsOn"::text || ':' || coalesce(k."endedOn"::text, '')
                || ':' || coalesce(k."evidenceUntil"::text, ''), ',' ORDER BY k.id)
         FROM "ChildCategory" k WHERE k."childId" = c.id) AS categories
    FROM "Child" c
    WHERE c."registerStatus" = 'in_register' AND c.id > $1
    ORDER BY c.id
    LIMIT $2`,
    afterId,
    limit,
  );
  return rows.map((row) => toRosterChild(row, today));
}

function toRosterChild(row: RosterRow, today: LocalDate): RosterChild {
  const periods: LevelPeriod[] = [];
  for (const part of row.periods?.split(',') ?? []) {
    periods.push({ level: Number(part.slice(0, 1)) as Level, start: part.slice(2) });
  }
  const history = {
    periods,
    visits: [] as VisitRecord[],
    services: [] as ServiceRecord[],
    birthDate: row.birth,
    leftOn: row.left ?? undefined,
    lastAssessedOn: row.assessed ?? undefined,
  };
  const categories: HeldCategoryRow[] = [];
  for (const part of row.categories?.split(',') ?? []) {
    const [code, startsOn, endedOn, evidenceUntil] = part.split(':') as [
      CategoryCode,
      string,
      string,
      string,
    ];
    categories.push({
      code,
      startsOn,
      endedOn: endedOn || undefined,
      evidenceUntil: evidenceUntil || undefined,
    });
  }
  const { level, readFrom } = levelAndReadFrom(history, today);
  return {
    id: row.id,
    name: row.name,
    streetId: row.streetId,
    directorId: row.directorId,
    history,
    categories,
    level,
    readFrom,
  };
}

const VISIT_KINDS: Record<string, VisitKind> = { h: 'home', p: 'phone', s: 'spot_check' };
const RECIPIENTS: Record<string, ServiceRecipient> = { c: 'child', f: 'family', o: 'other' };

/**
 * Fills in the visits and services of `children` (voided ones left out) from each child's
 * `readFrom` to `today`: two queries for the whole chunk. `roles` gives each visitor's role
 * (R4.2 counts visits by directors and supervisors). Returns the number of records read.
 */
export async function loadRecords(
  db: Db,
  children: RosterChild[],
  today: LocalDate,
  roles: ReadonlyMap<number, StaffRole>,
): Promise<number> {
  const wanted = children.filter((c) => c.readFrom !== null);
  if (wanted.length === 0) return 0;
  const ids = wanted.map((c) => c.id);
  const froms = wanted.map((c) => c.readFrom!);
  const byId = new Map(wanted.map((c) => [c.id, c]));

  // LATERAL makes one index range scan per child on (childId, date), reading only the rows kept.
  const [visits, services] = await Promise.all([
    db.$queryRawUnsafe<{ id: number; records: string | null }[]>(
      `SELECT f.id, r.records
       FROM unnest($1::int[], $2::date[]) AS f(id, since)
       CROSS JOIN LATERAL (
         SELECT string_agg(v."visitedOn"::text || left(v.kind::text, 1) || v."staffId", ',') AS records
         FROM "Visit" v
         WHERE v."childId" = f.id AND v."visitedOn" >= f.since AND v."visitedOn" <= $3::date
           AND v."voidedAt" IS NULL) r`,
      ids,
      froms,
      today,
    ),
    db.$queryRawUnsafe<{ id: number; records: string | null }[]>(
      `SELECT f.id, r.records
       FROM unnest($1::int[], $2::date[]) AS f(id, since)
       CROSS JOIN LATERAL (
         SELECT string_agg(v."servedOn"::text || left(v.recipient::text, 1) || v.type::text, ',') AS records
         FROM "ServiceSession" v
         WHERE v."childId" = f.id AND v."servedOn" >= f.since AND v."servedOn" <= $3::date
           AND v."voidedAt" IS NULL) r`,
      ids,
      froms,
      today,
    ),
  ]);

  let count = 0;
  for (const row of visits) {
    if (row.records === null) continue;
    const list = byId.get(row.id)!.history.visits;
    for (const r of row.records.split(',')) {
      const by = roles.get(Number(r.slice(11)));
      if (by) list.push({ on: r.slice(0, 10), kind: VISIT_KINDS[r[10]!]!, by });
      count++;
    }
  }
  for (const row of services) {
    if (row.records === null) continue;
    const list = byId.get(row.id)!.history.services;
    for (const r of row.records.split(',')) {
      list.push({ on: r.slice(0, 10), recipient: RECIPIENTS[r[10]!]!, type: r.slice(11) as ServiceType });
      count++;
    }
  }
  return count;
}
