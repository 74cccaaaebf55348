// R6.1 强制报告: stored, then pushed at once to the street's supervisor and district staff.
import type { Db } from '../db/client.js';
import { deliveryRows } from '../digest/outbox.js';
import { URGENT_REPORT_ROUTING } from '../policy/index.js';
import { writeAudit } from './audit.js';
import type { Actor } from './records.js';

export interface UrgentReportInput {
  childId: number | null;
  childName: string;
  /** street the report concerns: the child's, or else the reporter's */
  streetId: number | null;
  content: string;
}

/**
 * Stores the report and, in the same transaction, its pushes in the delivery log: the report
 * cannot exist without its alert, nor the alert without the report. The caller then asks the
 * outbox to send (pushing the same key again adds nothing).
 */
export async function fileUrgentReport(
  db: Db,
  actor: Actor,
  input: UrgentReportInput,
  alert: (reportId: number) => string,
) {
  // The reporter knows already; everyone else the rule names hears at once.
  const recipients = await urgentRecipients(db, input.streetId, actor.id);
  const report = await db.$transaction(async (tx) => {
    const created = await tx.urgentReport.create({
      data: {
        childId: input.childId,
        childName: input.childName,
        reporterId: actor.id,
        content: input.content,
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'urgent.create',
      entity: 'UrgentReport',
      entityId: created.id,
      after: created,
    });
    const message = urgentPush(created.id, recipients, alert(created.id));
    await tx.delivery.createMany({ data: deliveryRows([message], new Date()), skipDuplicates: true });
    return created;
  });
  return { report, recipients, push: urgentPush(report.id, recipients, alert(report.id)) };
}

function urgentPush(reportId: number, recipients: string[], text: string) {
  return { kind: 'urgent', recipients, text, key: `urgent:${reportId}` };
}

/** R6.1: the active supervisors of the street and every active district officer (but the reporter). */
export async function urgentRecipients(
  db: Db,
  streetId: number | null,
  exceptStaffId?: number,
): Promise<string[]> {
  const roles = URGENT_REPORT_ROUTING.notify;
  const staff = await db.staff.findMany({
    where: {
      active: true,
      ...(exceptStaffId === undefined ? {} : { id: { not: exceptStaffId } }),
      OR: [
        ...(roles.includes('supervisor') && streetId !== null
          ? [{ role: 'supervisor' as const, streetId }]
          : []),
        ...(roles.includes('district') ? [{ role: 'district' as const }] : []),
      ],
    },
    select: { userid: true },
    orderBy: { id: 'asc' },
  });
  return staff.map((s) => s.userid);
}
