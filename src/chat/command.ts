import type { StaffRole } from '@prisma/client';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { LocalDate } from '../policy/index.js';
import type { ChildHit } from './find-child.js';
import type { StaffUser } from './scope.js';
import type { ChatReply } from './types.js';

/** Pushes a message to other people at once (urgent reports, notices); exactly once per key. */
export interface Notifier {
  push(message: { recipients: string[]; text: string; key: string; kind: string }): Promise<void>;
}

export interface ChatSettings {
  /** the deployment says every member reads WeCom in the WeCom client, so markdown is safe */
  markdown: boolean;
  /** R5.1: when an approved child's payments start (SUBSIDY_PAY_FROM) */
  subsidyPayFrom?: 'same_month' | 'next_month';
  /** PUBLIC_BASE_URL: when set, the tier card links to the child's file on the workbench */
  publicBaseUrl?: string;
}

/** Everything a command handler gets: one object, like a request context. */
export interface CommandContext {
  db: Db;
  log: Logger;
  user: StaffUser;
  /** the Asia/Shanghai calendar day of the message */
  today: LocalDate;
  now: Date;
  notifier: Notifier;
  settings: ChatSettings;
  via: 'wecom' | 'cli';
}

export interface Command {
  /** stable name for logs and the pending-question table, e.g. 'visit' */
  name: string;
  /** the words that start it; the first is the one shown in help */
  words: string[];
  roles: readonly StaffRole[];
  /** one line for 帮助 */
  summary: string;
  /** a complete example message */
  example: string;
  /** what the message should look like, shown when it cannot be understood */
  usage: string;
  run(args: string, ctx: CommandContext): Promise<ChatReply>;
  /** continues after the person picked one child from a numbered list */
  resume?(input: unknown, child: ChildHit, ctx: CommandContext): Promise<ChatReply>;
}

export const EVERYONE: readonly StaffRole[] = ['director', 'supervisor', 'street', 'district'];

export function ok(command: string, text: string): ChatReply {
  return { command, text, outcome: 'ok' };
}

export function refused(command: string, text: string): ChatReply {
  return { command, text, outcome: 'refused' };
}

/** A reply for a message the command could not understand: what it expected, and an example. */
export function invalid(cmd: Pick<Command, 'name' | 'usage' | 'example'>, problem: string): ChatReply {
  return {
    command: cmd.name,
    text: `${problem}\n格式：${cmd.usage}\n例如：${cmd.example}`,
    outcome: 'invalid',
  };
}
