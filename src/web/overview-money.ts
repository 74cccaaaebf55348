// R5.2 on the overview: for each month of this year so far, whether each street's basic living
// subsidy was recorded as paid by the 25th (the engine's paymentStatus).
import type { StaffUser } from '../chat/scope.js';
import type { Db } from '../db/client.js';
import { type LocalDate, monthOf, type PaymentStatus, paymentStatus, toLocalDate } from '../policy/index.js';
import type { OverviewFrame } from './overview-facts.js';

export interface StreetRow {
  id: number;
  name: string;
}

export interface MonthCell {
  month: LocalDate;
  /** 'before': the register had not begun (no child on file and no payment recorded yet) */
  status: PaymentStatus | 'before';
  paidOn?: LocalDate;
  children?: number;
}

export const PAYMENT_LABELS: Record<PaymentStatus | 'before', string> = {
  before: '—',
  paid_on_time: '按时发放',
  paid_late: '逾期发放',
  not_yet_due: '未到期',
  late: '逾期未发',
};

/** The streets a person's overview covers: all for district staff, else their own street. */
export async function streetsInScope(db: Db, user: StaffUser): Promise<StreetRow[]> {
  const where = user.role === 'district' ? {} : { id: user.streetId ?? -1 };
  return db.street.findMany({ where, select: { id: true, name: true }, orderBy: { id: 'asc' } });
}

export function monthsSoFar(frame: OverviewFrame): LocalDate[] {
  const months: LocalDate[] = [];
  const last = monthOf(frame.today);
  for (let m = 1; ; m++) {
    const month = `${frame.today.slice(0, 4)}-${String(m).padStart(2, '0')}-01`;
    months.push(month);
    if (month === last) return months;
  }
}

/** Street id → one cell per month of this year so far. */
export async function paymentCells(
  db: Db,
  streets: StreetRow[],
  frame: OverviewFrame,
): Promise<Map<number, MonthCell[]>> {
  const months = monthsSoFar(frame);
  const batches = await db.paymentBatch.findMany({
    where: {
      streetId: { in: streets.map((s) => s.id) },
      month: { gte: new Date(months[0]!), lte: new Date(months.at(-1)!) },
    },
    select: { streetId: true, month: true, paidOn: true, children: true },
  });
  const start = await registerBegan(db);
  const byKey = new Map(batches.map((b) => [`${b.streetId}|${b.month.toISOString().slice(0, 10)}`, b]));
  const out = new Map<number, MonthCell[]>();
  for (const street of streets) {
    out.set(
      street.id,
      months.map((month) => {
        const batch = byKey.get(`${street.id}|${month}`);
        const paidOn = batch?.paidOn.toISOString().slice(0, 10);
        if (!batch && (start === null || month < start)) return { month, status: 'before' };
        return {
          month,
          status: paymentStatus(month, frame.today, paidOn),
          paidOn,
          children: batch?.children,
        };
      }),
    );
  }
  return out;
}

/**
 * The first month payments are owed, as the digest reads it (src/digest/context.ts): the
 * earlier of the first recorded payment and the month the first child was put on file.
 */
async function registerBegan(db: Db): Promise<LocalDate | null> {
  const [batch, child] = await Promise.all([
    db.paymentBatch.aggregate({ _min: { month: true } }),
    db.child.aggregate({ _min: { createdAt: true } }),
  ]);
  const months = [
    batch._min.month ? monthOf(batch._min.month.toISOString().slice(0, 10)) : undefined,
    child._min.createdAt ? monthOf(toLocalDate(child._min.createdAt)) : undefined,
  ].filter((m): m is LocalDate => m !== undefined);
  return months.length ? months.sort()[0]! : null;
}
