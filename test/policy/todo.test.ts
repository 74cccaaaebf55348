import { describe, expect, it } from 'vitest';
import { childTodo, type TodoItem } from '../../src/policy/todo.js';
import { homeVisit, level, makeHistory, service } from './builders.js';

function brief(item: TodoItem): string {
  if (item.type === 'duty') return `${item.type} ${item.duty} L${item.level} ${item.dueOn} ${item.status}`;
  return `${item.type} ${item.rule} ${item.dueOn} ${item.status}`;
}

const history = makeHistory({
  birthDate: '2008-12-08',
  periods: [level(3, '2026-06-05')],
  visits: [homeVisit('2026-11-03')],
  services: [service('2026-07-10'), service('2026-08-10'), service('2026-09-10'), service('2026-11-10')],
  lastAssessedOn: '2026-06-05',
});

describe('childTodo: the 待办 list for the digest', () => {
  it('should list overdue items first (oldest first), then what falls due within 7 days', () => {
    expect(childTodo(history, '2026-12-03').map(brief)).toEqual([
      'duty visit L3 2026-06-30 overdue',
      'duty case_service L3 2026-06-30 overdue',
      'duty case_service L3 2026-10-31 overdue',
      'review R3.5 2026-12-05 upcoming',
      'duty case_service L3 2026-12-07 due',
      'leaving R1.0 2026-12-08 upcoming',
    ]);
  });

  it('should leave out items due beyond the horizon and widen with horizonDays', () => {
    const young = makeHistory({ ...history, birthDate: '2012-01-01' });
    const october = 'duty case_service L3 2026-10-31 due';

    expect(childTodo(young, '2026-10-20').map(brief)).not.toContain(october);
    expect(childTodo(young, '2026-10-20', { horizonDays: 11 }).map(brief)).toContain(october);
    expect(childTodo(young, '2026-10-20', { horizonDays: 10 }).map(brief)).not.toContain(october);
  });

  it('should put an overdue review (复评) among the overdue items', () => {
    const late = makeHistory({ periods: [level(2, '2026-08-01')], lastAssessedOn: '2026-08-01' });

    expect(childTodo(late, '2026-12-03', { horizonDays: 0 }).map(brief)).toEqual([
      'duty case_service L2 2026-08-31 overdue',
      'duty visit L2 2026-09-30 overdue',
      'duty case_service L2 2026-09-30 overdue',
      'duty case_service L2 2026-10-31 overdue',
      'review R3.5 2026-11-01 overdue',
      'duty case_service L2 2026-11-30 overdue',
    ]);
  });

  it('should ask for a first assessment when a child on the register has no tier (R2)', () => {
    expect(childTodo(makeHistory({ birthDate: '2015-05-05' }), '2026-12-03').map(brief)).toEqual([
      'first_assessment R2 2026-12-03 due',
    ]);
  });

  it('should be empty once the child has left the register', () => {
    expect(childTodo(history, '2026-12-08')).toEqual([]);
    expect(childTodo(makeHistory({ ...history, leftOn: '2026-11-01' }), '2026-12-03')).toEqual([]);
  });
});
