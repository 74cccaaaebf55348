// Recording an assessment (评估): the tier it sets goes through R3 (checkTransition) and,
// when allowed, ends the current protection period and starts the next (or keeps it, R3.4).
import type { Db } from '../db/client.js';
import { checkTransition, type Level, type LocalDate, type TransitionResult } from '../policy/index.js';
import { writeAudit } from './audit.js';
import { CaseworkRefusal } from './errors.js';
import { dateOf, dayOf } from './history.js';
import { type Actor, checkRecordDate } from './records.js';

export interface AssessmentInput {
  childId: number;
  on: LocalDate;
  tier: Level;
  reason: string;
  guardianshipNote?: string;
  physicalNote?: string;
  behaviourNote?: string;
}

export type AssessmentOutcome =
  | { recorded: true; assessmentId: number; transition: Extract<TransitionResult, { allowed: true }> }
  | { recorded: false; transition: Extract<TransitionResult, { allowed: false }> };

/** The period in force for a child (latest start, not voided, not ended), if any. */
export async function currentPeriod(db: Pick<Db, 'protectionPeriod'>, childId: number) {
  return db.protectionPeriod.findFirst({
    where: { childId, voidedAt: null, endedOn: null },
    orderBy: [{ startOn: 'desc' }, { id: 'desc' }],
  });
}

/** Advisory-lock class for changes to one child's protection periods (assess, undo). */
export const CHILD_LOCK = 7301;

/** Applies R3 and records the assessment when allowed; a refusal changes nothing. */
export async function recordAssessment(
  db: Db,
  actor: Actor,
  input: AssessmentInput,
  today: LocalDate,
): Promise<AssessmentOutcome> {
  return db.$transaction(async (tx) => {
    // Serialise assessments of one child so two supervisors cannot both start a period.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHILD_LOCK}, ${input.childId})`;
    // Not in the future, not before the child entered the register, not after leaving it.
    await checkRecordDate(tx, input.childId, input.on, today);
    const period = await currentPeriod(tx, input.childId);
    if (period && input.on < dayOf(period.startOn)) {
      throw new CaseworkRefusal(
        'BEFORE_PERIOD',
        `评估日期 ${input.on} 早于当前保护期的开始日 ${dayOf(period.startOn)}，请核对日期。`,
      );
    }
    const current = period ? { level: period.level as Level, start: dayOf(period.startOn) } : null;
    const transition = checkTransition(current, input.tier, input.on);
    if (!transition.allowed) return { recorded: false, transition };

    const assessment = await tx.assessment.create({
      data: {
        childId: input.childId,
        assessedOn: dateOf(input.on),
        assessorId: actor.id,
        tier: input.tier,
        reason: input.reason,
        guardianshipNote: input.guardianshipNote ?? '',
        physicalNote: input.physicalNote ?? '',
        behaviourNote: input.behaviourNote ?? '',
      },
    });
    let newPeriod = null;
    if (transition.startsNewPeriod) {
      if (period)
        await tx.protectionPeriod.update({ where: { id: period.id }, data: { endedOn: dateOf(input.on) } });
      newPeriod = await tx.protectionPeriod.create({
        data: {
          childId: input.childId,
          level: transition.period.level,
          startOn: dateOf(transition.period.start),
          reviewOn: transition.period.reviewOn ? dateOf(transition.period.reviewOn) : null,
          assessmentId: assessment.id,
        },
      });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      via: actor.via,
      action: 'assessment.create',
      entity: 'Assessment',
      entityId: assessment.id,
      before: period,
      after: { assessment, rule: transition.rule, period: newPeriod ?? period },
    });
    return { recorded: true, assessmentId: assessment.id, transition };
  });
}
