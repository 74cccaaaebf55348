// R5.2 on the overview: for each month of this year so far, whether each street's basic living
// subsidy was recorded as paid by the 25th (the engine's paymentStatus).
import type { StaffUser } from '../chat/scope.js';
import type { Db } from '../db/client.js';
import { type LocalDate, monthOf, type PaymentStatus, paymentStatus } from '../policy/index.js';
import type { OverviewFrame } from './overview-facts.js';

export interface StreetRow {
  id: number;
  name: string;
}

export interface MonthCell {
  month: LocalDate;
  status: PaymentStatus;
  paidOn?: LocalDate;
  children?: number;
}

export const PAYMENT_LABELS: Record<PaymentStatus, string> = {
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
  const byKey = new Map(batches.map((b) => [`${b.streetId}|${b.month.toISOString().slice(0, 10)}`, b]));
  const out = new Map<number, MonthCell[]>();
  for (const street of streets) {
    out.set(
      street.id,
      months.map((month) => {
        const batch = byKey.get(`${street.id}|${month}`);
        const paidOn = batch?.paidOn.toISOString().slice(0, 10);
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
