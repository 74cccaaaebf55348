import { describe, expect, it } from 'vitest';
import { type DutyItem, type DutyReport, dutiesFor } from '../../src/policy/duties.js';
import { homeVisit, level, makeHistory, phoneCall, service } from './builders.js';

/** A compact view of an item: duty, level, period label, have/need, due date and status. */
function brief(item: DutyItem): string {
  const days = item.status === 'overdue' ? ` +${item.overdueDays}` : '';
  return `${item.duty} L${item.level} ${item.period.label} from ${item.countsFrom} ${item.have}/${item.need} ${item.dueOn} ${item.status}${days}`;
}

function view(report: DutyReport) {
  return { level: report.level, current: report.current.map(brief), overdue: report.overdue.map(brief) };
}

describe('R3 case-service frequency per level (个案服务频次)', () => {
  it('should ask level 1 for a session every ISO week (每周一次), and flag a week without one', () => {
    const history = makeHistory({
      periods: [level(1, '2026-11-10')],
      visits: [homeVisit('2026-11-20')],
      services: [service('2026-11-10'), service('2026-11-18'), service('2026-12-01')],
    });

    expect(view(dutiesFor(history, '2026-12-03'))).toEqual({
      level: 1,
      current: [
        'visit L1 2026年12月 from 2026-12-01 0/1 2026-12-31 due',
        'case_service L1 2026年第49周 from 2026-11-30 1/1 2026-12-06 done',
      ],
      overdue: ['case_service L1 2026年第48周 from 2026-11-23 0/1 2026-11-29 overdue +4'],
    });
  });

  it('should ask level 2 for two sessions in the calendar month (每月二次)', () => {
    const history = makeHistory({ periods: [level(2, '2026-10-01')], services: [service('2026-12-02')] });
    const later = makeHistory({
      ...history,
      services: [service('2026-12-02'), service('2026-12-02', 'tutoring')],
    });

    expect(view(dutiesFor(history, '2026-12-03')).current).toContain(
      'case_service L2 2026年12月 from 2026-12-01 1/2 2026-12-31 due',
    );
    expect(view(dutiesFor(later, '2026-12-03')).current).toContain(
      'case_service L2 2026年12月 from 2026-12-01 2/2 2026-12-31 done',
    );
  });

  it('should ask level 3 for one session a month (每月一次)', () => {
    const history = makeHistory({
      periods: [level(3, '2026-10-01')],
      services: [service('2026-10-30'), service('2026-12-01')],
    });

    expect(view(dutiesFor(history, '2026-12-03'))).toEqual({
      level: 3,
      current: [
        'visit L3 2026年下半年 from 2026-10-01 0/1 2026-12-31 due',
        'case_service L3 2026年12月 from 2026-12-01 1/1 2026-12-31 done',
      ],
      overdue: ['case_service L3 2026年11月 from 2026-11-01 0/1 2026-11-30 overdue +3'],
    });
  });

  it('should count only the eight case services given to the child (针对困境儿童本人)', () => {
    const history = makeHistory({
      periods: [level(3, '2026-12-01')],
      services: [
        service('2026-12-02', 'family_support', 'family'),
        service('2026-12-02', 'counselling', 'family'),
        service('2026-12-02', 'group_work', 'child'),
        service('2026-12-02', 'guardianship_intervention', 'child'),
      ],
    });

    expect(view(dutiesFor(history, '2026-12-03')).current).toContain(
      'case_service L3 2026年12月 from 2026-12-01 0/1 2026-12-31 due',
    );
  });

  it('should keep weekly sessions due while level 1 stays in force past its three months', () => {
    const history = makeHistory({ periods: [level(1, '2026-06-01')] });

    expect(view(dutiesFor(history, '2026-12-03')).current).toContain(
      'case_service L1 2026年第49周 from 2026-11-30 0/1 2026-12-06 due',
    );
  });

  it('should ask level 4 for follow-up about once a month (个案关注，走访一般不低于每月一次)', () => {
    const history = makeHistory({
      periods: [level(4, '2026-09-01')],
      visits: [homeVisit('2026-09-10', 'district'), phoneCall('2026-10-10')],
      services: [
        service('2026-11-05', 'family_support', 'family'),
        service('2026-12-01', 'school_community', 'other'),
      ],
    });

    expect(view(dutiesFor(history, '2026-12-03'))).toEqual({
      level: 4,
      current: [
        'visit L4 2026年 from 2026-09-01 0/1 2026-12-31 due',
        'follow_up L4 2026年12月 from 2026-12-01 0/1 2026-12-31 due',
      ],
      overdue: ['follow_up L4 2026年10月 from 2026-10-01 0/1 2026-10-31 overdue +33'],
    });
  });
});

describe('R4.2 visits by the director or supervisor (走访)', () => {
  it('should ask for one visit per calendar month, quarter, half-year and year by level', () => {
    const at = (lvl: 1 | 2 | 3 | 4) =>
      dutiesFor(makeHistory({ periods: [level(lvl, '2026-01-01')] }), '2026-11-03').current.find(
        (i) => i.duty === 'visit',
      );

    expect(at(1)).toMatchObject({
      rule: 'R4.2',
      period: { label: '2026年11月' },
      dueOn: '2026-11-30',
      need: 1,
      status: 'due',
    });
    expect(at(2)).toMatchObject({ period: { label: '2026年第4季度' }, dueOn: '2026-12-31' });
    expect(at(3)).toMatchObject({
      period: { label: '2026年下半年', start: '2026-07-01' },
      dueOn: '2026-12-31',
    });
    expect(at(4)).toMatchObject({ period: { label: '2026年' }, dueOn: '2026-12-31' });
  });

  it('should count home visits and spot checks by a director or supervisor only', () => {
    const count = (visits: ReturnType<typeof homeVisit>[]) =>
      dutiesFor(makeHistory({ periods: [level(1, '2026-12-01')], visits }), '2026-12-20').current.find(
        (i) => i.duty === 'visit',
      )?.have;

    expect(count([homeVisit('2026-12-02', 'director')])).toBe(1);
    expect(count([homeVisit('2026-12-02', 'supervisor')])).toBe(1);
    expect(count([{ on: '2026-12-02', kind: 'spot_check', by: 'supervisor' }])).toBe(1);
    expect(count([phoneCall('2026-12-02')])).toBe(0);
    expect(count([homeVisit('2026-12-02', 'street')])).toBe(0);
    expect(count([{ on: '2026-12-02', kind: 'spot_check', by: 'district' }])).toBe(0);
  });

  it('should report how long a missed month has been overdue', () => {
    const history = makeHistory({
      periods: [level(1, '2026-09-01')],
      visits: [homeVisit('2026-09-30'), homeVisit('2026-11-01')],
    });

    expect(
      dutiesFor(history, '2026-12-03')
        .overdue.filter((i) => i.duty === 'visit')
        .map(brief),
    ).toEqual(['visit L1 2026年10月 from 2026-10-01 0/1 2026-10-31 overdue +33']);
  });
});

describe('R4.5 calendar periods, due and overdue', () => {
  it('should count the period holding the start of a level, from the assessment day on', () => {
    const history = makeHistory({
      periods: [level(1, '2026-12-30')],
      visits: [homeVisit('2026-12-30')],
      services: [service('2026-12-29')],
    });

    expect(view(dutiesFor(history, '2026-12-31'))).toEqual({
      level: 1,
      current: [
        'visit L1 2026年12月 from 2026-12-30 1/1 2026-12-31 done',
        'case_service L1 2026年第53周 from 2026-12-30 0/1 2027-01-03 due',
      ],
      overdue: [],
    });
  });

  it('should leave a period due on its last day and overdue the day after', () => {
    const history = makeHistory({ periods: [level(2, '2026-10-01')] });

    expect(dutiesFor(history, '2026-12-31').current.find((i) => i.duty === 'visit')).toMatchObject({
      status: 'due',
      daysLeft: 0,
    });
    expect(dutiesFor(history, '2027-01-01').overdue.find((i) => i.duty === 'visit')).toMatchObject({
      status: 'overdue',
      dueOn: '2026-12-31',
      overdueDays: 1,
      daysLeft: -1,
    });
  });

  it('should ignore records dated after today', () => {
    const history = makeHistory({ periods: [level(1, '2026-12-01')], visits: [homeVisit('2026-12-20')] });

    expect(dutiesFor(history, '2026-12-10').current.find((i) => i.duty === 'visit')?.have).toBe(0);
  });

  it('should list past periods only from `since` (default: the start of the level in force)', () => {
    const history = makeHistory({
      periods: [level(2, '2025-01-01'), level(2, '2026-04-01'), level(1, '2026-11-16')],
    });
    const sinceLevel = dutiesFor(history, '2026-12-03');
    const sinceYear = dutiesFor(history, '2026-12-03', { since: '2026-01-01' });

    expect(sinceLevel.overdue.map(brief)).toEqual([
      'case_service L1 2026年第47周 from 2026-11-16 0/1 2026-11-22 overdue +11',
      'case_service L1 2026年第48周 from 2026-11-23 0/1 2026-11-29 overdue +4',
      'visit L1 2026年11月 from 2026-11-16 0/1 2026-11-30 overdue +3',
      'case_service L2 2026年11月 from 2026-11-01 0/2 2026-11-30 overdue +3',
    ]);
    expect(sinceYear.overdue.filter((i) => i.duty === 'visit').map((i) => i.period.label)).toEqual([
      '2026年第1季度',
      '2026年第2季度',
      '2026年第3季度',
      '2026年11月',
    ]);
  });

  it('should merge consecutive periods at the same level into one (R3.4 keeps the period)', () => {
    const merged = makeHistory({ periods: [level(3, '2026-01-01'), level(3, '2026-06-15')] });

    expect(dutiesFor(merged, '2026-12-03').levelSince).toBe('2026-01-01');
  });

  it('should have no duties before the first assessment', () => {
    expect(dutiesFor(makeHistory(), '2026-12-03')).toEqual({
      level: null,
      levelSince: null,
      current: [],
      overdue: [],
    });
    expect(dutiesFor(makeHistory({ periods: [level(1, '2026-12-10')] }), '2026-12-03').current).toEqual([]);
  });
});

describe('R4.5 a tier change inside a period', () => {
  // Decision: the old level's period is still judged in full to its last day; the new level's
  // period starts counting on the day of the change. One record after the change can satisfy both.
  const history = makeHistory({
    periods: [level(2, '2026-07-01'), level(1, '2026-11-18')],
    visits: [homeVisit('2026-11-05')],
    services: [service('2026-11-03'), service('2026-11-10')],
  });

  it('should keep the old level rule for the rest of its period and start the new level on the change day', () => {
    expect(view(dutiesFor(history, '2026-11-25'))).toEqual({
      level: 1,
      current: [
        'visit L2 2026年第4季度 from 2026-10-01 1/1 2026-12-31 done',
        'case_service L2 2026年11月 from 2026-11-01 2/2 2026-11-30 done',
        'visit L1 2026年11月 from 2026-11-18 0/1 2026-11-30 due',
        'case_service L1 2026年第48周 from 2026-11-23 0/1 2026-11-29 due',
      ],
      overdue: ['case_service L1 2026年第47周 from 2026-11-18 0/1 2026-11-22 overdue +3'],
    });
  });

  it('should let one visit after the change satisfy both levels', () => {
    const after = makeHistory({ ...history, visits: [homeVisit('2026-11-20')] });
    const visits = dutiesFor(after, '2026-11-25').current.filter((i) => i.duty === 'visit');

    expect(visits.map((i) => [i.level, i.status])).toEqual([
      [2, 'done'],
      [1, 'done'],
    ]);
  });

  it('should handle a change on the last day of a period (降级 on 30 April, the clamped review date)', () => {
    const change = makeHistory({
      periods: [level(1, '2026-01-31'), level(2, '2026-04-30')],
      visits: [homeVisit('2026-04-30')],
    });
    const report = dutiesFor(change, '2026-05-10');
    const visits = [...report.current, ...report.overdue].filter((i) => i.duty === 'visit');

    expect(visits.map(brief)).toEqual(['visit L2 2026年第2季度 from 2026-04-30 1/1 2026-06-30 done']);
    expect(
      dutiesFor(change, '2026-04-30')
        .current.filter((i) => i.duty === 'visit')
        .map(brief),
    ).toEqual([
      'visit L1 2026年4月 from 2026-04-01 1/1 2026-04-30 done',
      'visit L2 2026年第2季度 from 2026-04-30 1/1 2026-06-30 done',
    ]);
  });

  it('should require the new level in its first, partial period (the period holding the start counts)', () => {
    const change = makeHistory({
      periods: [level(1, '2026-01-31'), level(2, '2026-04-30')],
      services: [service('2026-04-30')],
    });

    expect(dutiesFor(change, '2026-05-10').overdue.map(brief)).toContain(
      'case_service L2 2026年4月 from 2026-04-30 1/2 2026-04-30 overdue +10',
    );
  });
});

describe('R4.5 edge dates', () => {
  it('should end February on the 29th in a leap year', () => {
    const history = makeHistory({ periods: [level(1, '2028-02-01')], visits: [homeVisit('2028-02-29')] });

    expect(dutiesFor(history, '2028-02-29').current.find((i) => i.duty === 'visit')).toMatchObject({
      period: { start: '2028-02-01', end: '2028-02-29' },
      have: 1,
      status: 'done',
    });
    expect(dutiesFor(history, '2028-03-01').overdue.filter((i) => i.duty === 'visit')).toEqual([]);
  });

  it('should carry an ISO week across the year end', () => {
    const history = makeHistory({ periods: [level(1, '2026-12-01')], services: [service('2027-01-02')] });

    expect(dutiesFor(history, '2027-01-03').current.find((i) => i.duty === 'case_service')).toMatchObject({
      period: { start: '2026-12-28', end: '2027-01-03', label: '2026年第53周' },
      have: 1,
      status: 'done',
    });
  });

  it('should close a year-end quarter on 31 December', () => {
    const history = makeHistory({ periods: [level(2, '2026-12-31')] });

    expect(
      dutiesFor(history, '2027-01-01')
        .overdue.filter((i) => i.duty === 'visit')
        .map(brief),
    ).toEqual(['visit L2 2026年第4季度 from 2026-12-31 0/1 2026-12-31 overdue +1']);
  });

  it('should stop duties the day before the 18th birthday, and not count a visit on the birthday', () => {
    const history = makeHistory({
      birthDate: '2008-12-20',
      periods: [level(1, '2026-10-01')],
      visits: [homeVisit('2026-10-02'), homeVisit('2026-11-02'), homeVisit('2026-12-20')],
    });

    expect(dutiesFor(history, '2026-12-19').current.find((i) => i.duty === 'visit')).toMatchObject({
      dueOn: '2026-12-19',
      daysLeft: 0,
      status: 'due',
    });
    const after = dutiesFor(history, '2026-12-21');
    expect(after.level).toBeNull();
    expect(after.current).toEqual([]);
    expect(after.overdue.filter((i) => i.duty === 'visit').map(brief)).toEqual([
      'visit L1 2026年12月 from 2026-12-01 0/1 2026-12-19 overdue +2',
    ]);
  });

  it('should stop duties from the day a child leaves the register', () => {
    const history = makeHistory({
      leftOn: '2026-12-01',
      periods: [level(3, '2026-07-01')],
      services: [service('2026-11-15')],
    });
    const report = dutiesFor(history, '2027-03-01');

    expect(report.current).toEqual([]);
    expect(report.overdue.map(brief)).toEqual([
      'case_service L3 2026年7月 from 2026-07-01 0/1 2026-07-31 overdue +213',
      'case_service L3 2026年8月 from 2026-08-01 0/1 2026-08-31 overdue +182',
      'case_service L3 2026年9月 from 2026-09-01 0/1 2026-09-30 overdue +152',
      'case_service L3 2026年10月 from 2026-10-01 0/1 2026-10-31 overdue +121',
      'visit L3 2026年下半年 from 2026-07-01 0/1 2026-11-30 overdue +91',
    ]);
  });
});

describe('R4.1 one file per child (一人一档)', () => {
  it('should give the same duties whatever order the records come in', () => {
    const history = makeHistory({
      periods: [level(3, '2026-01-05'), level(1, '2026-10-20'), level(2, '2026-06-01')],
      visits: [homeVisit('2026-11-02'), homeVisit('2026-03-01'), homeVisit('2026-10-21')],
      services: [service('2026-11-30'), service('2026-10-25'), service('2026-11-09')],
    });
    const sorted = makeHistory({
      periods: [...history.periods].sort((a, b) => a.start.localeCompare(b.start)),
      visits: [...history.visits].sort((a, b) => a.on.localeCompare(b.on)),
      services: [...history.services].sort((a, b) => a.on.localeCompare(b.on)),
    });

    expect(dutiesFor(history, '2026-12-03', { since: '2026-01-01' })).toEqual(
      dutiesFor(sorted, '2026-12-03', { since: '2026-01-01' }),
    );
  });
});
