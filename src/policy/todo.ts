// One child's to-do list for the daily digest and the 待办 command: overdue duties first,
// then what falls due within the horizon, with the review date (R3.5), the 18th birthday
// (R1.0) and a missing first assessment (R2) alongside.

import { formatDay, type LocalDate, parseDay } from './dates.js';
import {
  type ChildHistory,
  type DutyItem,
  type DutyOptions,
  dutiesFor,
  lastDayOnRegister,
} from './duties.js';
import { eighteenthBirthdayDay } from './eligibility.js';
import { type ReviewReminder, reviewReminder } from './levels.js';

export type TodoItem =
  | ({ type: 'duty' } & DutyItem)
  | ({ type: 'review'; dueOn: LocalDate } & ReviewReminder)
  | { type: 'leaving'; rule: 'R1.0'; dueOn: LocalDate; daysLeft: number; status: 'upcoming' }
  | { type: 'first_assessment'; rule: 'R2'; dueOn: LocalDate; daysLeft: 0; status: 'due' };

export interface TodoOptions extends DutyOptions {
  /** items falling due within this many days after today are listed (default 7) */
  horizonDays?: number;
}

function isOverdue(item: TodoItem): boolean {
  return item.status === 'overdue';
}

const TYPE_ORDER: Record<TodoItem['type'], number> = { first_assessment: 0, review: 1, duty: 2, leaving: 3 };

/** Overdue first (longest overdue first), then by due date, then a stable order of kinds. */
export function compareTodo(a: TodoItem, b: TodoItem): number {
  const ao = isOverdue(a);
  const bo = isOverdue(b);
  if (ao !== bo) return ao ? -1 : 1;
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  return TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
}

/**
 * Everything about one child that is overdue or falls due within `horizonDays` of `today`,
 * sorted overdue first; empty once the child has left the register. A child on the register
 * with no level in force gets a `first_assessment` item, since without a tier no duty would ever remind anyone.
 */
export function childTodo(history: ChildHistory, today: LocalDate, options: TodoOptions = {}): TodoItem[] {
  const t = parseDay(today, 'today');
  // A child who has left the register has no to-do list; dutiesFor still reports the history.
  if (lastDayOnRegister(history) < t) return [];
  const horizon = t + (options.horizonDays ?? 7);
  const report = dutiesFor(history, today, options);
  const items: TodoItem[] = [];

  for (const item of report.overdue) items.push({ type: 'duty', ...item });
  for (const item of report.current) {
    if (item.status === 'due' && item.daysLeft <= horizon - t) items.push({ type: 'duty', ...item });
  }

  if (report.level === null) {
    items.push({ type: 'first_assessment', rule: 'R2', dueOn: today, daysLeft: 0, status: 'due' });
  } else {
    const period = { level: report.level, start: report.levelSince! };
    const review = reviewReminder(period, today, history.lastAssessedOn);
    if (review && parseDay(review.reviewOn) <= horizon)
      items.push({ type: 'review', dueOn: review.reviewOn, ...review });
  }
  if (history.birthDate !== undefined) {
    const turns18 = eighteenthBirthdayDay(parseDay(history.birthDate, 'birthDate'));
    if (turns18 <= horizon) {
      items.push({
        type: 'leaving',
        rule: 'R1.0',
        dueOn: formatDay(turns18),
        daysLeft: turns18 - t,
        status: 'upcoming',
      });
    }
  }
  return items.sort(compareTodo);
}
