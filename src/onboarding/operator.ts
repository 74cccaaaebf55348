// Who is running an operator command: `--as <userid>` names a staff member, whose id goes on
// the audit trail; without it the actor is null (the audit still says via 'cli' or 'import').
import type { Db } from '../db/client.js';

export class OperatorError extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
    this.name = 'OperatorError';
  }
}

export async function resolveActor(db: Db, userid: string | undefined): Promise<number | null> {
  if (!userid) return null;
  const staff = await db.staff.findUnique({ where: { userid }, select: { id: true, active: true } });
  if (!staff) throw new OperatorError(`--as ${userid}：系统中没有这名工作人员。`);
  if (!staff.active) throw new OperatorError(`--as ${userid}：该工作人员已停用。`);
  return staff.id;
}

/** A one-line progress bar on stderr, only when stderr is a terminal and the job is large. */
export function createProgress(min = 300): (label: string, done: number, total: number) => void {
  const tty = Boolean(process.stderr.isTTY);
  let last = '';
  return (label, done, total) => {
    if (!tty || total < min) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    if (line === last) return;
    last = line;
    process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
  };
}
