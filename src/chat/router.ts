// Turning one message into one command call and its reply. Registered staff only; every
// failure becomes a reply that says what was expected, never a silence or a stack trace.
import { randomBytes } from 'node:crypto';
import { COMMANDS, commandHints, help } from '../../commands/index.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { toLocalDate } from '../policy/index.js';
import { clearPending, takePending } from './child-flow.js';
import type { ChatSettings, Command, CommandContext, Notifier } from './command.js';
import { CHILD_CARD_SELECT } from './find-child.js';
import { toMarkdown } from './markdown.js';
import { MessageTakenOver } from './message-claim.js';
import { normalizeMessage } from './normalize.js';
import { childScope, ROLE_LABEL, type StaffUser } from './scope.js';
import type { ChatHandler, ChatReply, Inbound } from './types.js';

export interface ChatDeps {
  db: Db;
  log: Logger;
  notifier: Notifier;
  settings?: ChatSettings;
  via?: 'wecom' | 'cli';
  /** the clock, for tests that travel in time */
  now?: () => Date;
}

const MAX_MESSAGE = 2000;
/** Opening the app (enter_agent), joining it (subscribe), or the intelligent bot's chat (enter_chat). */
const WELCOME_EVENTS = new Set(['enter_agent', 'subscribe', 'enter_chat']);
const WORDS = COMMANDS.flatMap((c) => c.words.map((w) => [w, c] as const)).sort(
  (a, b) => b[0].length - a[0].length,
);
const lookup = COMMANDS.find((c) => c.name === 'lookup')!;

export const NOT_REGISTERED =
  '您好，您还没有登记为关爱通的工作人员，暂时不能使用。请联系所在街道的民政专干或区民卫局管理员为您登记。';

/** The command layer behind WeCom and the terminal chat. */
export function createChatHandler(deps: ChatDeps): ChatHandler {
  const answer = async (message: Inbound): Promise<ChatReply | null> => {
    // Who is asking, and whether a question of ours is waiting for them: one round trip.
    const [staff] = await deps.db.$queryRaw<(StaffUser & { active: boolean; pending: boolean })[]>`
      SELECT s.id, s.userid, s.name, s.role::text AS role, s."streetId", s."communityId", s.active,
             EXISTS (SELECT 1 FROM "ChatPending" p WHERE p.userid = s.userid) AS pending
        FROM "Staff" s WHERE s.userid = ${message.userId}`;
    if (!staff?.active) {
      if (message.kind === 'event' && !WELCOME_EVENTS.has(message.event)) return null;
      return { command: 'unregistered', outcome: 'refused', text: NOT_REGISTERED };
    }
    const now = deps.now?.() ?? new Date();
    const ctx: CommandContext = {
      db: deps.db,
      log: deps.log,
      user: {
        id: staff.id,
        userid: staff.userid,
        name: staff.name,
        role: staff.role,
        streetId: staff.streetId,
        communityId: staff.communityId,
      },
      today: toLocalDate(now),
      now,
      notifier: deps.notifier,
      settings: deps.settings ?? { markdown: false },
      via: deps.via ?? 'wecom',
    };

    if (message.kind === 'event') {
      if (!WELCOME_EVENTS.has(message.event)) return null;
      return {
        command: 'welcome',
        outcome: 'ok',
        text: `${staff.name}您好，欢迎使用关爱通。发送“帮助”查看可用的命令，发送“待办”查看今天要做的事。`,
      };
    }

    try {
      const reply = await dispatch(normalizeMessage(message.text), ctx, staff.pending);
      return ctx.settings.markdown ? { ...reply, markdown: reply.markdown ?? toMarkdown(reply.text) } : reply;
    } catch (err) {
      // A WeCom retry took this message over: the new owner answers it, this delivery says nothing.
      if (err instanceof MessageTakenOver) throw err;
      const ref = randomBytes(3).toString('hex');
      deps.log.error({ err, user: staff.userid, ref }, 'command failed');
      return {
        command: 'error',
        outcome: 'error',
        text: `系统出错了，这条消息没有保存，请稍后重发（错误编号 ${ref}）。`,
      };
    }
  };
  // Every reply at trace only (replies name children): the test suite scans these for ID and
  // phone numbers shown in full.
  return async (message: Inbound): Promise<ChatReply | null> => {
    const reply = await answer(message);
    deps.log.trace({ user: message.userId, command: reply?.command, reply: reply?.text }, 'chat reply');
    return reply;
  };
}

async function dispatch(text: string, ctx: CommandContext, pending: boolean): Promise<ChatReply> {
  if (!text) return help.run('', ctx);
  if (text.length > MAX_MESSAGE) {
    return {
      command: 'unknown',
      outcome: 'invalid',
      text: `消息太长了（${text.length} 字），请控制在 ${MAX_MESSAGE} 字以内。`,
    };
  }

  const choice = /^[1-9]$/.exec(text);
  if (choice && pending) {
    const answered = await answerPending(Number(choice[0]), ctx);
    if (answered) return answered;
  }

  const match = WORDS.find(([word]) => text.startsWith(word));
  if (match) {
    const [word, command] = match;
    return runCommand(command, text.slice(word.length).trim(), ctx, pending);
  }
  // A bare name (or initials, or ID tail) is a lookup.
  if (!text.includes(' ') && text.length <= 10 && !/^\d{1,3}$/.test(text))
    return runCommand(lookup, text, ctx, pending);

  return {
    command: 'unknown',
    outcome: 'invalid',
    text: `没看懂这条消息。每条消息以命令开头，例如：\n${commandHints(COMMANDS, ctx.user.role)}\n发送“帮助”查看全部命令。`,
  };
}

async function runCommand(
  command: Command,
  args: string,
  ctx: CommandContext,
  pending: boolean,
): Promise<ChatReply> {
  if (!command.roles.includes(ctx.user.role)) {
    const who = command.roles.map((r) => ROLE_LABEL[r]).join('、');
    return {
      command: command.name,
      outcome: 'refused',
      text: `“${command.words[0]}”由${who}使用。发送“帮助”查看您可以使用的命令。`,
    };
  }
  // A new command drops an unanswered question, so a later "1" cannot answer a stale one.
  if (pending && command.name !== 'help') await clearPending(ctx);
  return command.run(args, ctx);
}

async function answerPending(choice: number, ctx: CommandContext): Promise<ChatReply | undefined> {
  const pending = await takePending(ctx);
  if (!pending) return undefined;
  const command = COMMANDS.find((c) => c.name === pending.command);
  const childId = pending.choices[choice - 1];
  if (!command?.resume) return undefined;
  if (childId === undefined) {
    return {
      command: command.name,
      outcome: 'invalid',
      text: `没有第 ${choice} 项（只有 1 到 ${pending.choices.length}），请重新发送原来的命令。`,
    };
  }
  const child = await ctx.db.child.findFirst({
    where: { AND: [childScope(ctx.user), { id: childId }] },
    select: CHILD_CARD_SELECT,
  });
  if (!child) return { command: command.name, outcome: 'refused', text: '没有找到这名儿童，请重新发送。' };
  return command.resume(pending.input, child, ctx);
}
