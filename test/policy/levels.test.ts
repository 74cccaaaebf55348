import { describe, expect, it } from 'vitest';
import { PolicyInputError } from '../../src/policy/errors.js';
import { LEVEL_LABELS, TIER_LABELS, TIER_RISK_LABELS } from '../../src/policy/labels.js';
import {
  checkTransition,
  MINIMUM_PERIOD_MONTHS,
  reviewDate,
  reviewReminder,
} from '../../src/policy/levels.js';
import { isInLevelPackage, SERVICE_GROUPS, usualRecipient } from '../../src/policy/services.js';

describe('R2 risk tiers set by assessment', () => {
  it('should label the four tiers by colour and risk (红黄蓝绿)', () => {
    expect(TIER_LABELS).toEqual({ 1: '红色', 2: '黄色', 3: '蓝色', 4: '绿色' });
    expect(TIER_RISK_LABELS[1]).toBe('高风险');
    expect(TIER_RISK_LABELS[4]).toBe('低风险');
    expect(LEVEL_LABELS[2]).toBe('二级保护');
  });

  it('should let a first assessment set any tier, giving the level of the same number', () => {
    for (const tier of [1, 2, 3, 4] as const) {
      const result = checkTransition(null, tier, '2026-12-03');

      expect(result).toMatchObject({ allowed: true, change: 'initial', rule: 'R2', startsNewPeriod: true });
      expect(result.period).toMatchObject({ level: tier, start: '2026-12-03' });
    }
  });

  it('should refuse a tier outside 1–4', () => {
    expect(() => checkTransition(null, 5 as never, '2026-12-03')).toThrow(PolicyInputError);
    expect(() => checkTransition({ level: 0 as never, start: '2026-01-01' }, 2, '2026-12-03')).toThrow(
      PolicyInputError,
    );
  });
});

describe('R3 protection levels: minimum periods', () => {
  it('should run 3, 3 and 6 months for levels 1–3, and no minimum for level 4 (直至脱离困境儿童范畴)', () => {
    expect(MINIMUM_PERIOD_MONTHS).toEqual({ 1: 3, 2: 3, 3: 6, 4: null });
  });
});

describe('R3.1 going up is allowed at any time (风险等级上升)', () => {
  it('should move level 2 to level 1 the day after it started, with a new period', () => {
    const result = checkTransition({ level: 2, start: '2026-12-01' }, 1, '2026-12-02');

    expect(result).toEqual({
      allowed: true,
      change: 'up',
      rule: 'R3.1',
      startsNewPeriod: true,
      period: { level: 1, start: '2026-12-02', reviewOn: '2027-03-02' },
    });
  });

  it('should move level 3 to 1 or 2, and level 4 to 1, 2 or 3, on the day they start', () => {
    for (const to of [1, 2] as const)
      expect(checkTransition({ level: 3, start: '2026-12-03' }, to, '2026-12-03').allowed).toBe(true);
    for (const to of [1, 2, 3] as const) {
      expect(checkTransition({ level: 4, start: '2026-12-03' }, to, '2026-12-03')).toMatchObject({
        allowed: true,
        rule: 'R3.1',
      });
    }
  });

  it('should refuse an assessment dated before the current period began', () => {
    expect(() => checkTransition({ level: 2, start: '2026-12-03' }, 1, '2026-12-02')).toThrow(
      PolicyInputError,
    );
  });
});

describe('R3.2 going down only after the minimum period (三个月后 / 六个月后)', () => {
  it('should refuse level 1 → 2 before three months and name the earliest date', () => {
    const result = checkTransition({ level: 1, start: '2026-09-15' }, 2, '2026-12-14');

    expect(result).toEqual({
      allowed: false,
      change: 'down',
      rule: 'R3.2',
      earliestOn: '2026-12-15',
      period: { level: 1, start: '2026-09-15', reviewOn: '2026-12-15' },
    });
  });

  it('should allow level 1 → 2 or 3 on the review date, starting a new period', () => {
    for (const to of [2, 3] as const) {
      const result = checkTransition({ level: 1, start: '2026-09-15' }, to, '2026-12-15');

      expect(result).toMatchObject({ allowed: true, change: 'down', rule: 'R3.2', startsNewPeriod: true });
      expect(result.period.start).toBe('2026-12-15');
    }
  });

  it('should allow level 2 → 3 or 4 after three months', () => {
    expect(checkTransition({ level: 2, start: '2026-01-31' }, 4, '2026-04-29')).toMatchObject({
      allowed: false,
      earliestOn: '2026-04-30',
    });
    expect(checkTransition({ level: 2, start: '2026-01-31' }, 4, '2026-04-30')).toMatchObject({
      allowed: true,
    });
    expect(checkTransition({ level: 2, start: '2026-01-31' }, 3, '2026-04-30').period).toEqual({
      level: 3,
      start: '2026-04-30',
      reviewOn: '2026-10-30',
    });
  });

  it('should keep level 3 for six months before 3 → 4 (三级保护时间不低于六个月)', () => {
    expect(checkTransition({ level: 3, start: '2026-08-31' }, 4, '2027-02-27')).toMatchObject({
      allowed: false,
      rule: 'R3.2',
      earliestOn: '2027-02-28',
    });
    expect(checkTransition({ level: 3, start: '2026-08-31' }, 4, '2027-02-28').allowed).toBe(true);
  });
});

describe('R3.3 一级风险不可直接降低为四级风险', () => {
  it('should refuse 1 → 4 before three months, naming R3.3 and no earliest date', () => {
    expect(checkTransition({ level: 1, start: '2026-12-01' }, 4, '2026-12-20')).toMatchObject({
      allowed: false,
      rule: 'R3.3',
      earliestOn: null,
    });
  });

  it('should refuse 1 → 4 even years later', () => {
    expect(checkTransition({ level: 1, start: '2020-01-01' }, 4, '2026-12-03')).toMatchObject({
      allowed: false,
      rule: 'R3.3',
      earliestOn: null,
    });
  });
});

describe('R3.4 same-tier reassessment keeps the period', () => {
  it('should keep the start and review date of the current period', () => {
    const result = checkTransition({ level: 2, start: '2026-10-10' }, 2, '2026-12-03');

    expect(result).toEqual({
      allowed: true,
      change: 'same',
      rule: 'R3.4',
      startsNewPeriod: false,
      period: { level: 2, start: '2026-10-10', reviewOn: '2027-01-10' },
    });
  });
});

describe('R3.5 review date (复评日)', () => {
  it('should be the start plus the minimum period, and none for level 4', () => {
    expect(reviewDate(1, '2026-12-03')).toBe('2027-03-03');
    expect(reviewDate(2, '2026-11-30')).toBe('2027-02-28');
    expect(reviewDate(3, '2026-12-31')).toBe('2027-06-30');
    expect(reviewDate(4, '2026-12-03')).toBeNull();
  });

  it('should remind before, on and after the review date', () => {
    const period = { level: 1 as const, start: '2026-09-03' };

    expect(reviewReminder(period, '2026-11-26')).toEqual({
      rule: 'R3.5',
      level: 1,
      reviewOn: '2026-12-03',
      status: 'upcoming',
      daysLeft: 7,
    });
    expect(reviewReminder(period, '2026-12-03')).toMatchObject({ status: 'due', daysLeft: 0 });
    expect(reviewReminder(period, '2026-12-10')).toMatchObject({ status: 'overdue', daysLeft: -7 });
    expect(reviewReminder({ level: 4, start: '2026-01-01' }, '2026-12-03')).toBeNull();
  });

  it('should take a same-tier reassessment on or after the review date as the review, and set the next one', () => {
    const period = { level: 2 as const, start: '2026-06-15' };

    expect(reviewReminder(period, '2026-12-03', '2026-09-15')).toMatchObject({
      reviewOn: '2026-12-15',
      status: 'upcoming',
    });
    expect(reviewReminder(period, '2026-12-03', '2026-09-14')).toMatchObject({
      reviewOn: '2026-09-15',
      status: 'overdue',
    });
  });
});

describe('R3.6 what each level provides', () => {
  it('should give case services to levels 1–3 only', () => {
    expect(isInLevelPackage('counselling', 3)).toBe(true);
    expect(isInLevelPackage('counselling', 4)).toBe(false);
    expect(usualRecipient('tutoring')).toBe('child');
  });

  it('should narrow family services by level (落实监护人、喘息服务 一级; 明确监护人责任 一、二级)', () => {
    expect(isInLevelPackage('guardian_assignment', 1)).toBe(true);
    expect(isInLevelPackage('respite', 2)).toBe(false);
    expect(isInLevelPackage('guardian_duties', 2)).toBe(true);
    expect(isInLevelPackage('guardian_duties', 3)).toBe(false);
    expect(isInLevelPackage('family_support', 3)).toBe(true);
    expect(isInLevelPackage('family_relations', 4)).toBe(false);
  });

  it('should allow other services (小组服务、学校社区) at any level', () => {
    for (const level of [1, 2, 3, 4] as const) {
      expect(isInLevelPackage('group_work', level)).toBe(true);
      expect(isInLevelPackage('school_community', level)).toBe(true);
    }
  });
});

describe('R3.7 a month is a calendar month', () => {
  it('should clamp a review to the month end: 31 January + 3 months = 30 April', () => {
    expect(reviewDate(1, '2026-01-31')).toBe('2026-04-30');
    expect(reviewDate(2, '2027-11-29')).toBe('2028-02-29');
    expect(reviewDate(3, '2027-08-31')).toBe('2028-02-29');
    expect(reviewDate(1, '2027-11-30')).toBe('2028-02-29');
  });

  it('should allow a decrease from the clamped date, not before', () => {
    expect(checkTransition({ level: 1, start: '2026-01-31' }, 2, '2026-04-29')).toMatchObject({
      allowed: false,
      earliestOn: '2026-04-30',
    });
    expect(checkTransition({ level: 1, start: '2026-01-31' }, 2, '2026-04-30').allowed).toBe(true);
  });
});

describe('R6.2 guardianship intervention and assessment help are services on the file', () => {
  it('should record them as safety services available at every level', () => {
    expect(SERVICE_GROUPS.guardianship_intervention).toBe('safety');
    expect(SERVICE_GROUPS.assessment_help).toBe('safety');
    expect(isInLevelPackage('guardianship_intervention', 4)).toBe(true);
  });
});
