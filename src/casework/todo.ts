// What is overdue or due soon for the children in a person's scope: the policy engine's
// childTodo over histories loaded in a few set-based queries. Used by 待办, the digest and the
// workbench's 我的待办, with the open urgent reports and waiting applications they show.
import type { Prisma } from '@prisma/client';
import { childScope, type StaffUser } from '../chat/scope.js';
import type { Db } from '../db/client.js';
import { childTodo, compareTodo, type LocalDate, type TodoItem } from '../policy/index.js';
import { loadHistories } from './history.js';

export interface ChildTodoItem {
  childId: number;
  childName: string;
  directorId: number | null;
  item: TodoItem;
}

/** Every to-do item of the children matching `where` (in the register), overdue first. */
export async function todoFor(
  db: Db,
  where: Prisma.ChildWhereInput,
  today: LocalDate,
  horizonDays = 7,
): Promise<ChildTodoItem[]> {
  const children = await db.child.findMany({
    where: { AND: [where, { registerStatus: 'in_register' }] },
    select: { id: true, name: true, directorId: true },
    orderBy: { id: 'asc' },
  });
  const items: ChildTodoItem[] = [];
  // Histories a chunk at a time: district staff have the whole district in scope, and only the
  // items, not every child's records, need to stay in memory.
  for (let from = 0; from < children.length; from += HISTORY_CHUNK) {
    const chunk = children.slice(from, from + HISTORY_CHUNK);
    const histories = await loadHistories(
      db,
      chunk.map((c) => c.id),
    );
    for (const child of chunk) {
      const history = histories.get(child.id);
      if (!history) continue;
      for (const item of childTodo(history, today, { horizonDays })) {
        items.push({ childId: child.id, childName: child.name, directorId: child.directorId, item });
      }
    }
  }
  return items.sort((a, b) => compareTodo(a.item, b.item) || a.childId - b.childId);
}

const HISTORY_CHUNK = 2_000;

/**
 * Open urgent reports (R6.1) for this person: those about children in scope, and those filed
 * under a name not on file, which their reporter, the reporter's street and the district see.
 */
export function openReportsWhere(user: StaffUser): Prisma.UrgentReportWhereInput {
  return { status: { not: 'closed' }, OR: [{ child: childScope(user) }, unlinkedReports(user)] };
}

function unlinkedReports(user: StaffUser): Prisma.UrgentReportWhereInput {
  if (user.role === 'district') return { childId: null };
  if (user.role === 'director') return { childId: null, reporterId: user.id };
  return { childId: null, OR: [{ reporterId: user.id }, { reporter: { streetId: user.streetId ?? -1 } }] };
}

/** R5.1: applications in this person's scope waiting for a step, oldest first (none for directors). */
export async function waitingApplications(db: Db, user: StaffUser) {
  if (user.role === 'director') return [];
  return db.subsidyApplication.findMany({
    where: {
      status: { in: ['received', 'reviewed'] },
      ...(user.role === 'district' ? {} : { streetId: user.streetId ?? -1 }),
    },
    orderBy: [{ receivedOn: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      applicantName: true,
      category: true,
      status: true,
      receivedOn: true,
      steps: { where: { status: 'reviewed' }, select: { result: true } },
    },
  });
}
