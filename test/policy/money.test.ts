import { describe, expect, it } from 'vitest';
import {
  firstUnpaidMonth,
  isMonthPaid,
  isPaymentLate,
  moneyReminders,
  nextForecast,
  paymentDeadline,
  paymentStatus,
} from '../../src/policy/money.js';
import { isPayable } from '../../src/policy/register.js';

describe('R5.1 审批复核 before payment', () => {
  it('should pay only approved applications', () => {
    expect(isPayable('approved')).toBe(true);
    expect(isPayable('received')).toBe(false);
    expect(isPayable('reviewed')).toBe(false);
    expect(isPayable('refused')).toBe(false);
  });
});

describe('R5.2 每月25日前发放当月基本生活补贴', () => {
  it('should put the deadline on the 25th of the month, February included', () => {
    expect(paymentDeadline('2026-12-01')).toBe('2026-12-25');
    expect(paymentDeadline('2028-02-29')).toBe('2028-02-25');
  });

  it('should read a payment on the 25th as on time and on the 26th as late', () => {
    expect(isPaymentLate('2026-12-01', '2026-12-25')).toBe(false);
    expect(isPaymentLate('2026-12-01', '2026-12-26')).toBe(true);
    expect(paymentStatus('2026-12-01', '2026-12-25')).toBe('not_yet_due');
    expect(paymentStatus('2026-12-01', '2026-12-26')).toBe('late');
    expect(paymentStatus('2026-12-01', '2026-12-30', '2026-12-20')).toBe('paid_on_time');
    expect(paymentStatus('2026-12-01', '2027-01-02', '2026-12-28')).toBe('paid_late');
  });
});

describe('R5.3 每季度末月25日前报送下季度人数和资金需求', () => {
  it('should give the 25th of the quarter’s last month and the next quarter', () => {
    expect(nextForecast('2026-01-10')).toEqual({
      rule: 'R5.3',
      deadline: '2026-03-25',
      forQuarter: '2026-Q2',
    });
    expect(nextForecast('2026-03-25')).toEqual({
      rule: 'R5.3',
      deadline: '2026-03-25',
      forQuarter: '2026-Q2',
    });
    expect(nextForecast('2026-03-26')).toEqual({
      rule: 'R5.3',
      deadline: '2026-06-25',
      forQuarter: '2026-Q3',
    });
    expect(nextForecast('2026-09-01')).toEqual({
      rule: 'R5.3',
      deadline: '2026-09-25',
      forQuarter: '2026-Q4',
    });
  });

  it('should carry the December forecast into the next year', () => {
    expect(nextForecast('2026-12-03')).toEqual({
      rule: 'R5.3',
      deadline: '2026-12-25',
      forQuarter: '2027-Q1',
    });
    expect(nextForecast('2026-12-26')).toEqual({
      rule: 'R5.3',
      deadline: '2027-03-25',
      forQuarter: '2027-Q2',
    });
    expect(nextForecast('2026-12-31')).toMatchObject({ deadline: '2027-03-25' });
  });
});

describe('R5.4 不再符合的，次月起停发', () => {
  it('should stop payment from the month after the child stops qualifying', () => {
    expect(firstUnpaidMonth('2026-12-03')).toBe('2027-01-01');
    expect(firstUnpaidMonth('2026-03-01')).toBe('2026-04-01');
    expect(firstUnpaidMonth('2028-02-29')).toBe('2028-03-01');
  });

  it('should still pay the month in which the child stops qualifying', () => {
    expect(isMonthPaid('2026-12-01', '2026-12-31')).toBe(true);
    expect(isMonthPaid('2027-01-01', '2026-12-31')).toBe(false);
    expect(isMonthPaid('2027-01-01')).toBe(true);
  });
});

describe('R5.5 reminders on the 20th and the 25th (含25日)', () => {
  it('should remind on the 20th and the 25th while the month is not recorded paid', () => {
    expect(moneyReminders('2026-11-20', { paymentRecorded: false })).toEqual([
      { rule: 'R5.5', kind: 'payment', month: '2026-11-01', deadline: '2026-11-25', isDeadlineDay: false },
    ]);
    expect(moneyReminders('2026-11-25', { paymentRecorded: false })).toMatchObject([{ isDeadlineDay: true }]);
  });

  it('should stay quiet on other days or once the payment is recorded', () => {
    expect(moneyReminders('2026-11-21', { paymentRecorded: false })).toEqual([]);
    expect(moneyReminders('2026-11-26', { paymentRecorded: false })).toEqual([]);
    expect(moneyReminders('2026-11-20', { paymentRecorded: true })).toEqual([]);
  });

  it('should add the quarterly forecast in March, June, September and December', () => {
    expect(moneyReminders('2026-12-20', { paymentRecorded: true, forecastSubmitted: false })).toEqual([
      { rule: 'R5.5', kind: 'forecast', forQuarter: '2027-Q1', deadline: '2026-12-25', isDeadlineDay: false },
    ]);
    expect(moneyReminders('2026-12-25', { paymentRecorded: true, forecastSubmitted: true })).toEqual([]);
    expect(moneyReminders('2026-11-20', { paymentRecorded: true, forecastSubmitted: false })).toEqual([]);
  });
});
