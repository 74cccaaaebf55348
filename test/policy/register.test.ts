import { describe, expect, it } from 'vitest';
import { checkRegister, districtSpotCheck } from '../../src/policy/register.js';
import { RESOURCE_KIND_LABELS, URGENT_REPORT_ROUTING } from '../../src/policy/services.js';

describe('R4.3 区民卫局每年至少入户抽查一次', () => {
  it('should be due until a spot check is made in the calendar year', () => {
    expect(districtSpotCheck(['2025-11-01'], '2026-12-03')).toMatchObject({
      rule: 'R4.3',
      period: { label: '2026年' },
      have: 0,
      status: 'due',
    });
    expect(districtSpotCheck(['2025-11-01', '2026-03-04'], '2026-12-03')).toMatchObject({
      have: 1,
      status: 'done',
    });
    expect(districtSpotCheck(['2026-12-20'], '2026-12-03')).toMatchObject({ have: 0, status: 'due' });
  });
});

describe('R4.4 每月更新名单，应退尽退', () => {
  const categories = [{ code: 'C5a' as const, startsOn: '2024-01-01', endedOn: '2026-10-31' }];

  it('should keep a child under 18 with a category that holds', () => {
    expect(checkRegister('2012-05-05', categories, '2026-10-30')).toEqual({ rule: 'R4.4', leave: null });
  });

  it('should take off a child whose last category ended', () => {
    expect(checkRegister('2012-05-05', categories, '2026-11-01')).toEqual({
      rule: 'R4.4',
      leave: { reason: 'no_category', on: '2026-10-31' },
    });
  });

  it('should take off a child on the 18th birthday', () => {
    expect(checkRegister('2008-11-20', [{ code: 'C4b', startsOn: '2020-01-01' }], '2026-12-01')).toEqual({
      rule: 'R4.4',
      leave: { reason: 'turned_18', on: '2026-11-20' },
    });
  });
});

describe('R6.1 强制报告、应急处置', () => {
  it('should reach the street supervisor and district staff at once and ask for an assessment', () => {
    expect(URGENT_REPORT_ROUTING).toEqual({
      rule: 'R6.1',
      notify: ['supervisor', 'district'],
      immediately: true,
      requestsAssessment: true,
    });
  });
});

describe('R6.3 一对一帮扶、慈善捐赠、专业服务', () => {
  it('should name the three forms of social resource', () => {
    expect(RESOURCE_KIND_LABELS).toEqual({
      one_to_one: '一对一帮扶',
      donation: '慈善捐赠',
      professional: '专业服务',
    });
  });
});
