// Which inbound message a command is running for. An audited write marks the message as
// written inside its own transaction, so after a crash a WeCom retry can tell whether the
// command got as far as writing (answer from that) or not (safe to run it again). A delivery
// that lost the message to a retry can no longer write for it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Prisma } from '@prisma/client';

export interface MessageClaim {
  id: bigint;
  owner: string;
}

const current = new AsyncLocalStorage<MessageClaim>();

export function runForMessage<T>(claim: MessageClaim, run: () => Promise<T>): Promise<T> {
  return current.run(claim, run);
}

/** A write for a message whose handling a WeCom retry has taken over; the transaction rolls back. */
export class MessageTakenOver extends Error {
  constructor() {
    super('the message was taken over by a later delivery');
    this.name = 'MessageTakenOver';
  }
}

type Executor = Pick<Prisma.TransactionClient, '$executeRaw'>;

/** Inside a write's transaction: notes that the current message's command wrote. */
export async function markMessageWrite(tx: Executor): Promise<void> {
  const claim = current.getStore();
  if (!claim) return;
  const marked = await tx.$executeRaw`
    UPDATE "InboundMessage" SET "wroteAt" = COALESCE("wroteAt", now())
     WHERE "id" = ${claim.id} AND "owner" = ${claim.owner}`;
  if (marked === 0) throw new MessageTakenOver();
}
