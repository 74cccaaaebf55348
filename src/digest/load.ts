// What the digest reads, in a few set-based queries over the whole district: the register
// with each child's levels and categories in one query, then visits and services for a chunk
// of children at a time from the day their to-do list can depend on (window.ts). Records come
// back as one packed string per child, which is far cheaper than a row object per record.
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

/** Every child on the register, with levels, latest assessment and categories; no records yet. */
export async function loadRoster(db: Db, today: LocalDate): Promise<RosterChild[]> {
  const rows = await db.$queryRawUnsafe<RosterRow[]>(`
    SELECT c.id, c.name, c."streetId", c."directorId",
      c."birthDate"::text AS birth, c."leftOn"::text AS left,
      (SELECT string_agg(p.level || ':' || p."startOn"::text, ',' ORDER BY p.id)
         FROM "ProtectionPeriod" p WHERE p."childId" = c.id AND p."voidedAt" IS NULL) AS periods,
      (SELECT max(a."assessedOn")::text
         FROM "Assessment" a WHERE a."childId" = c.id AND a."voidedAt" IS NULL) AS assessed,
      (SELECT string_agg(k.code::text || ':' || k."startsOn"::text || ':' || coalesce(k."endedOn"::text, '')
                || ':' || coalesce(k."evidenceUntil"::text, ''), ',' ORDER BY k.id)
         FROM "ChildCategory" k WHERE k."childId" = c.id) AS categories
    FROM "Child" c
    WHERE c."registerStatus" = 'in_register'
    ORDER BY c.id`);
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
const ROLES: Record<string, StaffRole> = { d: 'director', s: 'supervisor', t: 'street', x: 'district' };
const RECIPIENTS: Record<string, ServiceRecipient> = { c: 'child', f: 'family', o: 'other' };

/**
 * Fills in the visits and services of `children` (voided ones left out) from each child's
 * `readFrom` to `today`: two queries for the whole chunk. Returns the number of records read.
 */
export async function loadRecords(db: Db, children: RosterChild[], today: LocalDate): Promise<number> {
  const wanted = children.filter((c) => c.readFrom !== null);
  if (wanted.length === 0) return 0;
  const ids = wanted.map((c) => c.id);
  const froms = wanted.map((c) => c.readFrom!);
  const byId = new Map(wanted.map((c) => [c.id, c]));

  const [visits, services] = await Promise.all([
    db.$queryRawUnsafe<{ childId: number; records: string }[]>(
      `SELECT v."childId", string_agg(v."visitedOn"::text || left(v.kind::text, 1) ||
          CASE s.role WHEN 'director' THEN 'd' WHEN 'supervisor' THEN 's' WHEN 'street' THEN 't' ELSE 'x' END,
          ',') AS records
       FROM unnest($1::int[], $2::date[]) AS f(id, since)
       JOIN "Visit" v ON v."childId" = f.id AND v."visitedOn" >= f.since AND v."visitedOn" <= $3::date
       JOIN "Staff" s ON s.id = v."staffId"
       WHERE v."voidedAt" IS NULL
       GROUP BY v."childId"`,
      ids,
      froms,
      today,
    ),
    db.$queryRawUnsafe<{ childId: number; records: string }[]>(
      `SELECT v."childId", string_agg(v."servedOn"::text || left(v.recipient::text, 1) || v.type::text, ',')
          AS records
       FROM unnest($1::int[], $2::date[]) AS f(id, since)
       JOIN "ServiceSession" v ON v."childId" = f.id AND v."servedOn" >= f.since AND v."servedOn" <= $3::date
       WHERE v."voidedAt" IS NULL
       GROUP BY v."childId"`,
      ids,
      froms,
      today,
    ),
  ]);

  let count = 0;
  for (const row of visits) {
    const list = byId.get(row.childId)!.history.visits;
    for (const r of row.records.split(',')) {
      list.push({ on: r.slice(0, 10), kind: VISIT_KINDS[r[10]!]!, by: ROLES[r[11]!]! });
      count++;
    }
  }
  for (const row of services) {
    const list = byId.get(row.childId)!.history.services;
    for (const r of row.records.split(',')) {
      list.push({ on: r.slice(0, 10), recipient: RECIPIENTS[r[10]!]!, type: r.slice(11) as ServiceType });
      count++;
    }
  }
  return count;
}

/** Lets go of a chunk's records once its to-do lists are computed. */
export function releaseRecords(children: RosterChild[]): void {
  for (const c of children) {
    c.history.visits = [];
    c.history.services = [];
  }
}
