// R5: the basic living subsidy calendar. Months are named by their first day ('2026-12-01'),
// the form SubsidyPayment.month and PaymentBatch.month use.

import { dayFromYmd, formatYmd, type LocalDate, parseDay, ymdFromDay } from './dates.js';

/** R5.2 / R5.3 / R5.5: the deadline day of the month ("by the 25th" includes the 25th). */
export const DEADLINE_DAY = 25;

/** R5.5: reminder days of the month while the month's payment is not recorded. */
export const REMINDER_DAYS = [20, 25] as const;

/** First day of the month holding `date`. */
export function monthOf(date: LocalDate): LocalDate {
  const { y, m } = ymdFromDay(parseDay(date));
  return formatYmd(y, m, 1);
}

/** R5.2: the month's subsidy must be paid by this day: the 25th of the month holding `date`. */
export function paymentDeadline(date: LocalDate): LocalDate {
  const { y, m } = ymdFromDay(parseDay(date));
  return formatYmd(y, m, DEADLINE_DAY);
}

/** R5.2 / R5.5: whether a month's payment made on `paidOn` was late (after the 25th). */
export function isPaymentLate(month: LocalDate, paidOn: LocalDate): boolean {
  return parseDay(paidOn, 'paidOn') > parseDay(paymentDeadline(month));
}

export type PaymentStatus = 'paid_on_time' | 'paid_late' | 'not_yet_due' | 'late';

/** R5.2: where a month's payment stands on `today`, given when it was recorded paid (if at all). */
export function paymentStatus(month: LocalDate, today: LocalDate, paidOn?: LocalDate): PaymentStatus {
  if (paidOn !== undefined) return isPaymentLate(month, paidOn) ? 'paid_late' : 'paid_on_time';
  return parseDay(today) > parseDay(paymentDeadline(month)) ? 'late' : 'not_yet_due';
}

export interface ForecastDue {
  rule: 'R5.3';
  /** the 25th of March, June, September or December */
  deadline: LocalDate;
  /** the quarter the forecast is for, as QuarterlyForecast.quarter stores it, e.g. '2027-Q1' */
  forQuarter: string;
}

/**
 * R5.3: the next quarterly forecast deadline on or after `today` (the 25th of the quarter's
 * last month) and the quarter it is for (the next one).
 */
export function nextForecast(today: LocalDate): ForecastDue {
  const day = parseDay(today);
  const { y, m } = ymdFromDay(day);
  let lastMonth = Math.ceil(m / 3) * 3;
  let year = y;
  if (day > dayFromYmd(year, lastMonth, DEADLINE_DAY)) {
    lastMonth += 3;
    if (lastMonth > 12) {
      lastMonth -= 12;
      year += 1;
    }
  }
  const forQuarter = lastMonth === 12 ? `${year + 1}-Q1` : `${year}-Q${lastMonth / 3 + 1}`;
  return { rule: 'R5.3', deadline: formatYmd(year, lastMonth, DEADLINE_DAY), forQuarter };
}

export type MoneyReminder =
  | { rule: 'R5.5'; kind: 'payment'; month: LocalDate; deadline: LocalDate; isDeadlineDay: boolean }
  | { rule: 'R5.5'; kind: 'forecast'; forQuarter: string; deadline: LocalDate; isDeadlineDay: boolean };

export interface MoneyState {
  /** this month's payment is recorded (PaymentBatch for the street and month exists) */
  paymentRecorded: boolean;
  /** the forecast due this month is submitted (only asked in March, June, September, December) */
  forecastSubmitted?: boolean;
}

/**
 * R5.5: the reminders street staff get on `today`: on the 20th and the 25th, for the month's
 * payment while it is not recorded, and in a quarter's last month for the forecast while it is
 * not submitted. Any other day gives none.
 */
export function moneyReminders(today: LocalDate, state: MoneyState): MoneyReminder[] {
  const { y, m, d } = ymdFromDay(parseDay(today));
  if (d !== REMINDER_DAYS[0] && d !== REMINDER_DAYS[1]) return [];
  const isDeadlineDay = d === DEADLINE_DAY;
  const deadline = formatYmd(y, m, DEADLINE_DAY);
  const reminders: MoneyReminder[] = [];
  if (!state.paymentRecorded) {
    reminders.push({ rule: 'R5.5', kind: 'payment', month: formatYmd(y, m, 1), deadline, isDeadlineDay });
  }
  if (m % 3 === 0 && state.forecastSubmitted !== true) {
    reminders.push({
      rule: 'R5.5',
      kind: 'forecast',
      forQuarter: nextForecast(today).forQuarter,
      deadline,
      isDeadlineDay,
    });
  }
  return reminders;
}

/**
 * R5.4: the first month a child is no longer paid when they stop qualifying on `stoppedOn`
 * (18th birthday, leaving the register, losing the last category): the next month. The month
 * of `stoppedOn` itself is still paid.
 */
export function firstUnpaidMonth(stoppedOn: LocalDate): LocalDate {
  const { y, m } = ymdFromDay(parseDay(stoppedOn, 'stoppedOn'));
  return m === 12 ? formatYmd(y + 1, 1, 1) : formatYmd(y, m + 1, 1);
}

/** R5.4: whether `month` is paid for a child who stopped qualifying on `stoppedOn` (if ever). */
export function isMonthPaid(month: LocalDate, stoppedOn?: LocalDate): boolean {
  if (stoppedOn === undefined) return true;
  return parseDay(monthOf(month)) < parseDay(firstUnpaidMonth(stoppedOn));
}
