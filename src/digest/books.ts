// Running tallies while the children stream past: one book per director, per street and for
// the district. A director's book keeps only the entries that can be shown (the first ones in
// digest order) and counts the rest, so memory does not grow with the length of the backlog.
import type { ChildTodoItem } from '../casework/todo.js';
import { type CategoryCode, compareTodo, type Level, type LocalDate } from '../policy/index.js';
import type { UrgentRow } from './context.js';
import type { LeaveEntry } from './lines.js';

export type Entry =
  | { kind: 'urgent'; report: UrgentRow }
  | { kind: 'todo'; todo: ChildTodoItem }
  | { kind: 'lapsed'; childId: number; name: string; codes: CategoryCode[]; until: LocalDate };

/** Entries kept per book; two WeCom messages hold far fewer lines than this. */
const KEEP = 120;

function rank(e: Entry): number {
  return e.kind === 'urgent' ? 0 : 1;
}

function isOverdue(e: Entry): boolean {
  return e.kind === 'lapsed' || (e.kind === 'todo' && e.todo.item.status === 'overdue');
}

function dueOf(e: Entry): string {
  if (e.kind === 'urgent') return e.report.reportedAt.toISOString();
  return e.kind === 'todo' ? e.todo.item.dueOn : e.until;
}

function childOf(e: Entry): number {
  if (e.kind === 'urgent') return e.report.id;
  return e.kind === 'todo' ? e.todo.childId : e.childId;
}

/** Urgent reports first, then overdue before due, oldest first; to-do items in the engine's order. */
export function compareEntries(a: Entry, b: Entry): number {
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.kind === 'todo' && b.kind === 'todo') {
    return compareTodo(a.todo.item, b.todo.item) || a.todo.childId - b.todo.childId;
  }
  const ao = isOverdue(a);
  if (ao !== isOverdue(b)) return ao ? -1 : 1;
  const ad = dueOf(a);
  const bd = dueOf(b);
  if (ad !== bd) return ad < bd ? -1 : 1;
  // A lapsed category sorts after the to-do items of the same day.
  if (a.kind !== b.kind) return a.kind === 'lapsed' ? 1 : -1;
  return childOf(a) - childOf(b);
}

export class EntryBook {
  private entries: Entry[] = [];
  /** the last entry kept when the book last filled up */
  private last: Entry | undefined;
  total = 0;
  overdue = 0;
  urgent = 0;

  add(entry: Entry): void {
    this.total++;
    if (entry.kind === 'urgent') this.urgent++;
    else if (isOverdue(entry)) this.overdue++;
    // Once the book is full, an entry after the last one kept can never be shown.
    if (this.last && compareEntries(entry, this.last) >= 0) return;
    this.entries.push(entry);
    if (this.entries.length >= 2 * KEEP) this.trim();
  }

  /** The kept entries in digest order, and how many were dropped. */
  sorted(): { entries: Entry[]; dropped: number } {
    this.trim();
    return { entries: this.entries, dropped: this.total - this.entries.length };
  }

  private trim(): void {
    this.entries.sort(compareEntries);
    if (this.entries.length >= KEEP) {
      this.entries.length = KEEP;
      this.last = this.entries[KEEP - 1];
    }
  }
}

export interface StreetBook {
  id: number;
  name: string;
  children: number;
  tiers: Record<Level | 0, number>;
  /** children to take off the register (R4.4), counted apart from the tiers */
  leaving: number;
  /** overdue items per director id; null for children with no active director */
  overdueBy: Map<number | null, number>;
  overdueItems: number;
  overdueChildren: number;
  reviewsOverdue: number;
  reviewsSoon: number;
  /** items of children whose director is missing or deactivated: the supervisor's own */
  own: EntryBook;
  urgentLate: UrgentRow[];
  leaves: LeaveEntry[];
}

export function newStreetBook(id: number, name: string): StreetBook {
  return {
    id,
    name,
    children: 0,
    tiers: { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 },
    leaving: 0,
    overdueBy: new Map(),
    overdueItems: 0,
    overdueChildren: 0,
    reviewsOverdue: 0,
    reviewsSoon: 0,
    own: new EntryBook(),
    urgentLate: [],
    leaves: [],
  };
}
