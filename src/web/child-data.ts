// Everything on one child's file (一人一档, R4.1), read within the person's scope.
import { childScope, type StaffUser } from '../chat/scope.js';
import type { Db } from '../db/client.js';

/** The child's whole file, or null when there is no such child in the person's scope. */
export async function loadChildFile(db: Db, user: StaffUser, childId: number) {
  const child = await db.child.findFirst({
    where: { AND: [{ id: childId }, childScope(user)] },
    include: {
      street: true,
      community: true,
      director: true,
      guardians: { orderBy: [{ isPrimary: 'desc' }, { id: 'asc' }] },
      categories: { orderBy: [{ startsOn: 'asc' }, { id: 'asc' }] },
      assessments: {
        orderBy: [{ assessedOn: 'asc' }, { id: 'asc' }],
        include: { assessor: true, startedPeriod: true },
      },
      visits: { orderBy: [{ visitedOn: 'desc' }, { id: 'desc' }], include: { staff: true } },
      services: { orderBy: [{ servedOn: 'desc' }, { id: 'desc' }], include: { staff: true } },
      resources: { orderBy: { startOn: 'asc' } },
      payments: { orderBy: { month: 'desc' } },
      urgentReports: { orderBy: { reportedAt: 'desc' }, include: { reporter: true } },
    },
  });
  if (!child) return null;

  // The trail of the child and of every record on the file.
  const ids = (rows: { id: number }[]) => rows.map((r) => String(r.id));
  const entities: [string, string[]][] = [
    ['Child', [String(child.id)]],
    ['Assessment', ids(child.assessments)],
    ['Visit', ids(child.visits)],
    ['ServiceSession', ids(child.services)],
    ['ResourceLink', ids(child.resources)],
    ['UrgentReport', ids(child.urgentReports)],
    ['SubsidyPayment', ids(child.payments)],
  ];
  const audit = await db.auditEntry.findMany({
    where: {
      OR: entities.filter(([, v]) => v.length).map(([entity, v]) => ({ entity, entityId: { in: v } })),
    },
    include: { actor: true },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: 200,
  });
  return { ...child, audit };
}

export type ChildFile = NonNullable<Awaited<ReturnType<typeof loadChildFile>>>;
