// What is overdue or due soon for the children in a person's scope: the policy engine's
// childTodo over histories loaded in a few set-based queries. Used by 待办 and the digest.
import type { Prisma } from '@prisma/client';
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
  const histories = await loadHistories(
    db,
    children.map((c) => c.id),
  );
  const items: ChildTodoItem[] = [];
  for (const child of children) {
    const history = histories.get(child.id);
    if (!history) continue;
    for (const item of childTodo(history, today, { horizonDays })) {
      items.push({ childId: child.id, childName: child.name, directorId: child.directorId, item });
    }
  }
  return items.sort((a, b) => compareTodo(a.item, b.item) || a.childId - b.childId);
}
