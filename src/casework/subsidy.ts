// The basic living subsidy over the database (R5.1–R5.4): standard amounts, the monthly payment
// list of a street, recording a month as paid, and the quarterly forecast. A month already
// recorded paid is read back from its SubsidyPayment rows; any other month is computed from the
// register, so the numbers depend only on the data and the streets asked for, never on who asks.
import { Prisma } from '@prisma/client';
import { markMessageWrite } from '../chat/message-claim.js';
import type { Db } from '../db/client.js';
import {
  addMonths,
  type CategoryCode,
  type ExclusionReason,
  formatYuan,
  isPaymentLate,
  type LocalDate,
  monthlyEntitlement,
  monthOf,
  type PayFromRule,
  type PaymentChange,
  type PaymentEntry,
  payFromMonth,
  paymentChanges,
  type Quarter,
  type SubsidyChild,
  type SubsidyRate,
  totalFen,
} from '../policy/index.js';
import { toAuditRow, writeAudit } from './audit.js';
import { CaseworkRefusal } from './errors.js';
import { dateOf, dayOf } from './history.js';
import type { Actor } from './records.js';

export interface SubsidySettings {
  /** R5.1: the first month paid after approval (SUBSIDY_PAY_FROM) */
  payFrom: PayFromRule;
}

/** Reads that can run on the client or inside a transaction. */
type Reader = Prisma.TransactionClient;

/** The advisory lock that orders recording a month paid and changing a standard. */
const MONEY_LOCK = 5_2_0001;

/** Every standard amount ever set, oldest first. */
export async function loadRates(db: Reader): Promise<SubsidyRate[]> {
  const rows = await db.subsidyRate.findMany({ orderBy: [{ fromMonth: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => ({ category: r.category, fromMonth: dayOf(r.fromMonth), fen: toFen(r.amount) }));
}

/** Sets the standard amount of a category group or sub-type from `fromMonth` on (R5.2). */
export async function setRate(
  db: Db,
  actor: Actor,
  input: { category: string; fromMonth: LocalDate; fen: number },
): Promise<void> {
  if (!/^C[1-6][a-e]?$/.test(input.category)) {
    throw new CaseworkRefusal('BAD_CATEGORY', `类别 ${input.category} 不存在：请写 C1–C6 或小类如 C4a。`);
  }
  const fromMonth = monthOf(input.fromMonth);
  await db.$transaction(async (tx) => {
    // One at a time with recording a month paid, so no paid month gets a new standard.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MONEY_LOCK})`;
    const paid = await tx.paymentBatch.findFirst({ where: { month: { gte: dateOf(fromMonth) } } });
    if (paid) {
      throw new CaseworkRefusal(
        'MONTH_PAID',
        `${monthText(fromMonth)}及以后已有街道登记发放，不能改动这些月份的标准。请从下一个未发放的月份起设置。`,
      );
    }
    const key = { category: input.category, fromMonth: dateOf(fromMonth) };
    const before = await tx.subsidyRate.findUnique({ where: { category_fromMonth: key } });
    const amount = formatYuan(input.fen);
    const row = await tx.subsidyRate.upsert({
      where: { category_fromMonth: key },
      create: { ...key, amount, setById: actor.id },
      update: { amount, setById: actor.id },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: before ? 'subsidy_rate.update' : 'subsidy_rate.create',
      entity: 'SubsidyRate',
      entityId: row.id,
      before: before ? { amount: before.amount.toFixed(2) } : undefined,
      after: { category: row.category, fromMonth, amount },
    });
  });
}

export interface ListedChild {
  id: number;
  name: string;
  community: string;
  idNumber: string;
  streetId: number;
  category: CategoryCode;
  fen: number;
  paidOn: LocalDate | null;
}

export interface LeftChild {
  id: number;
  name: string;
  idNumber: string;
  fen: number;
  reason: ExclusionReason | 'unknown';
}

export interface StreetMonth {
  streetId: number;
  streetName: string;
  month: LocalDate;
  /** set once the month is recorded paid (R5.2) */
  batch: { paidOn: LocalDate; late: boolean; recordedBy: string } | null;
  children: ListedChild[];
  totalFen: number;
  changes: { added: number; left: LeftChild[]; amountChanged: number; changes: PaymentChange[] };
}

interface ChildRow {
  id: number;
  name: string;
  community: string;
  idNumber: string;
  streetId: number;
  birthDate: string;
  leftOn: string | null;
  categories: { code: CategoryCode; startsOn: string; endedOn: string | null }[] | null;
  subsidyFrom: string | null;
  approvedFrom: string | null;
  /** the oldest application still in progress */
  waitingSince: string | null;
  /** months (in the window) already paid by a street the child has since left */
  paidElsewhere: string[] | null;
}

/** A first month paid that never comes. */
const NEVER_PAID = '9999-12-01';

/**
 * The children of these streets who may be paid in or after `since` (left the register no
 * earlier than the month before), with what the subsidy rules need, in one query.
 */
async function loadSubsidyChildren(
  db: Reader,
  streetIds: readonly number[],
  since: LocalDate,
  settings: SubsidySettings,
): Promise<{
  rows: Map<number, ChildRow>;
  children: SubsidyChild[];
  paidElsewhere: Map<number, Set<string>>;
}> {
  const rows = await db.$queryRaw<ChildRow[]>`
    SELECT c.id, c.name, c."idNumber", c."streetId", m.name AS community, c."birthDate"::text AS "birthDate",
      c."leftOn"::text AS "leftOn",
      (SELECT json_agg(json_build_object('code', cc.code, 'startsOn', cc."startsOn"::text,
                                         'endedOn', cc."endedOn"::text) ORDER BY cc.id)
         FROM "ChildCategory" cc WHERE cc."childId" = c.id) AS categories,
      c."subsidyFrom"::text AS "subsidyFrom",
      (SELECT min(a."payFromMonth")::text FROM "SubsidyApplication" a
         WHERE a."idNumber" = c."idNumber" AND a.status = 'approved') AS "approvedFrom",
      (SELECT min(a."receivedOn")::text FROM "SubsidyApplication" a
         WHERE a."idNumber" = c."idNumber" AND a.status IN ('received', 'reviewed')) AS "waitingSince",
      (SELECT array_agg(p.month::text) FROM "SubsidyPayment" p
         WHERE p."childId" = c.id AND p."streetId" <> c."streetId" AND p.month >= ${since}::date)
         AS "paidElsewhere"
    FROM "Child" c JOIN "Community" m ON m.id = c."communityId"
    WHERE c."streetId" = ANY(${[...streetIds]}::int[])
      AND (c."leftOn" IS NULL OR c."leftOn" >= ${addMonths(since, -1)}::date)
    ORDER BY c."streetId", c."communityId", c.id`;
  const children: SubsidyChild[] = [];
  const paidElsewhere = new Map<number, Set<string>>();
  for (const row of rows) {
    const categories = (row.categories ?? []).map((c) => ({
      code: c.code,
      startsOn: c.startsOn,
      endedOn: c.endedOn ?? undefined,
    }));
    const entered = categories.map((c) => c.startsOn).sort()[0];
    // R5.1: paid once approved. A child who came with the district's register was approved
    // before the bot knew them: paid from the import month. A child put on the register here
    // (登记) is paid from the rule's month after entering it, unless they were put on it while
    // an application of theirs was waiting: then the approval decides. A later application
    // (a changed category, say) never stops or delays payments that had started.
    const waitedOnEntry = row.waitingSince !== null && entered !== undefined && row.waitingSince <= entered;
    const fromEntry =
      entered !== undefined && !waitedOnEntry ? payFromMonth(entered, settings.payFrom) : null;
    const starts = [row.subsidyFrom, row.approvedFrom, fromEntry];
    const payFrom = starts.filter((m): m is string => m !== null).sort()[0] ?? NEVER_PAID;
    children.push({
      id: row.id,
      birthDate: row.birthDate,
      categories,
      leftOn: row.leftOn ?? undefined,
      payFrom,
    });
    if (row.paidElsewhere?.length) paidElsewhere.set(row.id, new Set(row.paidElsewhere));
  }
  return { rows: new Map(rows.map((r) => [r.id, r])), children, paidElsewhere };
}

interface StoredRow {
  childId: number;
  name: string;
  community: string;
  idNumber: string;
  streetId: number;
  category: CategoryCode;
  amount: string;
  paidOn: string | null;
}

/** The SubsidyPayment rows of a month recorded paid, for these streets. */
async function loadStored(db: Reader, streetIds: readonly number[], month: LocalDate): Promise<StoredRow[]> {
  return db.$queryRaw<StoredRow[]>`
    SELECT p."childId", c.name, c."idNumber", p."streetId", m.name AS community, p.category::text AS category,
      p.amount::text AS amount, p."paidOn"::text AS "paidOn"
    FROM "SubsidyPayment" p JOIN "Child" c ON c.id = p."childId" JOIN "Community" m ON m.id = c."communityId"
    WHERE p.month = ${month}::date AND p."streetId" = ANY(${[...streetIds]}::int[])
    ORDER BY p."streetId", c."communityId", c.id`;
}

/**
 * R5.2 / R5.4: each street's payment list for `month`, with the changes since the month before
 * (new, left with the reason, amount changed).
 */
export async function streetMonths(
  db: Reader,
  streets: readonly { id: number; name: string }[],
  month: LocalDate,
  settings: SubsidySettings,
): Promise<StreetMonth[]> {
  const first = monthOf(month);
  const previous = addMonths(first, -1);
  const ids = streets.map((s) => s.id);
  const [rates, loaded, batches, storedNow, storedBefore] = await Promise.all([
    loadRates(db),
    loadSubsidyChildren(db, ids, previous, settings),
    db.paymentBatch.findMany({
      where: { streetId: { in: ids }, month: { in: [dateOf(first), dateOf(previous)] } },
      include: { recordedBy: { select: { name: true } } },
    }),
    loadStored(db, ids, first),
    loadStored(db, ids, previous),
  ]);
  const batchOf = (streetId: number, m: LocalDate) =>
    batches.find((b) => b.streetId === streetId && dayOf(b.month) === m);

  const computed = (m: LocalDate) => {
    const byStreet = new Map<number, PaymentEntry[]>();
    const excluded = new Map<number, ExclusionReason>();
    for (const child of loaded.children) {
      // Paid for this month by the street they lived in then: not on this street's list again.
      if (loaded.paidElsewhere.get(child.id)?.has(m)) continue;
      const entry = monthlyEntitlement(child, m, rates);
      if (!('fen' in entry)) {
        excluded.set(child.id, entry.excluded);
        continue;
      }
      const streetId = loaded.rows.get(child.id)!.streetId;
      const list = byStreet.get(streetId);
      if (list) list.push(entry);
      else byStreet.set(streetId, [entry]);
    }
    return { byStreet, excluded };
  };
  const now = computed(first);
  const before = computed(previous);

  return streets.map((street) => {
    const batch = batchOf(street.id, first);
    const storedHere = storedNow.filter((r) => r.streetId === street.id);
    const children: ListedChild[] = batch
      ? storedHere.map((r) => ({
          id: r.childId,
          name: r.name,
          community: r.community,
          idNumber: r.idNumber,
          streetId: r.streetId,
          category: r.category,
          fen: toFen(r.amount),
          paidOn: r.paidOn,
        }))
      : (now.byStreet.get(street.id) ?? []).map((e) => {
          const row = loaded.rows.get(e.childId)!;
          return {
            ...e,
            id: e.childId,
            name: row.name,
            community: row.community,
            idNumber: row.idNumber,
            streetId: street.id,
            paidOn: null,
          };
        });
    const prevEntries: PaymentEntry[] = batchOf(street.id, previous)
      ? storedBefore
          .filter((r) => r.streetId === street.id)
          .map((r) => ({ childId: r.childId, category: r.category, fen: toFen(r.amount) }))
      : (before.byStreet.get(street.id) ?? []);
    const changes = paymentChanges(
      prevEntries,
      children.map((c) => ({ childId: c.id, category: c.category, fen: c.fen })),
    );
    const names = new Map([...storedBefore, ...storedHere].map((r) => [r.childId, r]));
    const left: LeftChild[] = changes
      .filter((c) => c.kind === 'left')
      .map((c) => {
        const row = loaded.rows.get(c.childId) ?? names.get(c.childId);
        return {
          id: c.childId,
          name: row?.name ?? '',
          idNumber: row?.idNumber ?? '',
          fen: c.kind === 'left' ? c.fen : 0,
          reason: now.excluded.get(c.childId) ?? 'unknown',
        };
      });
    return {
      streetId: street.id,
      streetName: street.name,
      month: first,
      batch: batch
        ? { paidOn: dayOf(batch.paidOn), late: batch.late, recordedBy: batch.recordedBy.name }
        : null,
      children,
      totalFen: totalFen(children),
      changes: {
        added: changes.filter((c) => c.kind === 'new').length,
        left,
        amountChanged: changes.filter((c) => c.kind === 'amount').length,
        changes,
      },
    };
  });
}

/** The first month the register has data for: the earliest payment recorded, or the earliest category held. */
export async function registerStartMonth(db: Db): Promise<LocalDate | null> {
  const [row] = await db.$queryRaw<{ start: string | null }[]>`
    SELECT least((SELECT min(month) FROM "PaymentBatch"), (SELECT min("startsOn") FROM "ChildCategory"))::text AS start`;
  return row?.start ? monthOf(row.start) : null;
}

/**
 * R5.2: records a street's month as paid on `paidOn` by `actor`: the month's list becomes the
 * SubsidyPayment rows, and a PaymentBatch carries the count, the total and whether it was late
 * (after the 25th, R5.5). A month is recorded once.
 */
export async function recordPayment(
  db: Db,
  actor: Actor,
  input: { streetId: number; month: LocalDate; paidOn: LocalDate },
  settings: SubsidySettings,
  retried = false,
): Promise<StreetMonth> {
  const month = monthOf(input.month);
  const street = await db.street.findUniqueOrThrow({ where: { id: input.streetId } });
  const existing = await db.paymentBatch.findUnique({
    where: { streetId_month: { streetId: street.id, month: dateOf(month) } },
    include: { recordedBy: { select: { name: true } } },
  });
  if (existing) {
    throw new CaseworkRefusal(
      'ALREADY_PAID',
      `${street.name}${monthText(month)}的补贴已于${dayOf(existing.paidOn)}由${existing.recordedBy.name}登记发放，不能重复登记。`,
    );
  }
  const late = isPaymentLate(month, input.paidOn);
  try {
    await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MONEY_LOCK})`;
        // The list is read under the lock, so the standards it uses are the ones recorded with it.
        const [list] = await streetMonths(tx, [street], month, settings);
        const batch = await tx.paymentBatch.create({
          data: {
            streetId: street.id,
            month: dateOf(month),
            paidOn: dateOf(input.paidOn),
            late,
            children: list!.children.length,
            total: formatYuan(list!.totalFen),
            recordedById: actor.id,
          },
        });
        const rows = list!.children.map((c) => ({
          childId: c.id,
          streetId: street.id,
          month: dateOf(month),
          amount: formatYuan(c.fen),
          category: c.category,
          paidOn: dateOf(input.paidOn),
        }));
        await tx.subsidyPayment.createMany({ data: rows, skipDuplicates: true });
        const created = await tx.subsidyPayment.findMany({
          where: { month: dateOf(month), streetId: street.id, childId: { in: rows.map((r) => r.childId) } },
          select: { id: true, childId: true, amount: true, category: true },
        });
        // The batch says what the rows say, should a row for a child and month already exist.
        const fen = created.reduce((sum, p) => sum + toFen(p.amount), 0);
        if (created.length !== batch.children || fen !== list!.totalFen) {
          await tx.paymentBatch.update({
            where: { id: batch.id },
            data: { children: created.length, total: formatYuan(fen) },
          });
        }
        // The batch's audit rows go in one statement; the chat message is marked written with them.
        await markMessageWrite(tx);
        await tx.auditEntry.createMany({
          data: [
            toAuditRow({
              actorId: actor.id,
              via: actor.via,
              action: 'payment_batch.create',
              entity: 'PaymentBatch',
              entityId: batch.id,
              after: { ...batch, month, paidOn: input.paidOn },
            }),
            ...created.map((p) =>
              toAuditRow({
                actorId: actor.id,
                via: actor.via,
                action: 'subsidy_payment.create',
                entity: 'SubsidyPayment',
                entityId: p.id,
                after: { childId: p.childId, month, amount: p.amount.toFixed(2), category: p.category },
              }),
            ),
          ],
        });
      },
      // A street of thousands of children: the list and its rows take seconds, not milliseconds.
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (err) {
    if (!retried && err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      // Another officer recorded the same street and month a moment earlier: say so.
      return recordPayment(db, actor, input, settings, true);
    }
    throw err;
  }
  const [recorded] = await streetMonths(db, [street], month, settings);
  return recorded!;
}

export interface ForecastMonth {
  month: LocalDate;
  children: number;
  fen: number;
}

export interface StreetForecast {
  streetId: number;
  streetName: string;
  quarter: Quarter;
  months: ForecastMonth[];
  /** children paid in at least one month of the quarter */
  distinctChildren: number;
  totalFen: number;
  /** children who stop being paid during the quarter (18th birthday, known leavers) */
  stopping: {
    id: number;
    name: string;
    idNumber: string;
    lastMonth: LocalDate;
    reason: ExclusionReason | 'unknown';
  }[];
}

/**
 * R5.3: the expected payment list of each month of `quarter`, from the register as it stands:
 * 18th birthdays, known leavers and category ends are counted, applications not yet approved
 * are not.
 */
export async function forecastQuarter(
  db: Db,
  streets: readonly { id: number; name: string }[],
  quarter: Quarter,
  settings: SubsidySettings,
): Promise<StreetForecast[]> {
  const [rates, loaded] = await Promise.all([
    loadRates(db),
    loadSubsidyChildren(
      db,
      streets.map((s) => s.id),
      quarter.months[0],
      settings,
    ),
  ]);
  return streets.map((street) => {
    const mine = loaded.children.filter((c) => loaded.rows.get(c.id)!.streetId === street.id);
    const paidIn = new Map<number, LocalDate>();
    const months = quarter.months.map((month) => {
      let children = 0;
      let fen = 0;
      for (const child of mine) {
        const entry = monthlyEntitlement(child, month, rates);
        if (!('fen' in entry)) continue;
        children += 1;
        fen += entry.fen;
        paidIn.set(child.id, month);
      }
      return { month, children, fen };
    });
    const last = quarter.months[2];
    const stopping = [...paidIn]
      .filter(([, lastMonth]) => lastMonth !== last)
      .map(([id, lastMonth]): StreetForecast['stopping'][number] => {
        const row = loaded.rows.get(id)!;
        const child = mine.find((c) => c.id === id)!;
        const after = monthlyEntitlement(child, addMonths(lastMonth, 1), rates);
        return {
          id,
          name: row.name,
          idNumber: row.idNumber,
          lastMonth,
          reason: 'excluded' in after ? after.excluded : 'unknown',
        };
      });
    return {
      streetId: street.id,
      streetName: street.name,
      quarter,
      months,
      distinctChildren: paidIn.size,
      totalFen: totalFen(months),
      stopping,
    };
  });
}

/** R5.3: a street's forecast as reported (the reminders of R5.5 stop once it is). */
export async function submitForecast(
  db: Db,
  actor: Actor,
  forecast: StreetForecast,
  on: LocalDate,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = { streetId: forecast.streetId, quarter: forecast.quarter.key };
    const before = await tx.quarterlyForecast.findUnique({ where: { streetId_quarter: key } });
    const data = {
      children: forecast.distinctChildren,
      amount: formatYuan(forecast.totalFen),
      submittedOn: dateOf(on),
      submittedById: actor.id,
    };
    const row = await tx.quarterlyForecast.upsert({
      where: { streetId_quarter: key },
      create: { ...key, ...data },
      update: data,
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: before ? 'forecast.update' : 'forecast.create',
      entity: 'QuarterlyForecast',
      entityId: row.id,
      before: before ? { children: before.children, amount: before.amount.toFixed(2) } : undefined,
      after: { ...key, children: data.children, amount: data.amount, submittedOn: on },
    });
  });
}

/** Decimal(10,2) or its text → whole fen, without passing through binary floating point. */
export function toFen(amount: Prisma.Decimal | string): number {
  const text = typeof amount === 'string' ? amount : amount.toFixed(2);
  const [yuan = '0', fen = '0'] = text.split('.');
  const sign = yuan.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(yuan)) * 100 + Number(fen.padEnd(2, '0').slice(0, 2)));
}

export function monthText(month: LocalDate): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}
