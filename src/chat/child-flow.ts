// The common path of commands about one child: find the child in scope; when several
// match, ask which one and keep the question in the database (ChatPending) for 10 minutes.
import type { Prisma } from '@prisma/client';
import { dayOf } from '../casework/history.js';
import { ageOn, SEX_LABELS } from '../policy/index.js';
import { type Command, type CommandContext, invalid, refused } from './command.js';
import { type ChildHit, findChild } from './find-child.js';
import { maskIdNumber } from './mask.js';
import type { ChatReply } from './types.js';

export const PENDING_TTL_MS = 10 * 60_000;

/** Parses what follows the child reference; returns the input, or a problem to explain. */
export type ArgsParser<T> = (rest: string, ctx: CommandContext) => T | { problem: string };

/**
 * Finds the child at the start of `args`, parses the rest, and either continues with
 * `cmd.resume` or asks which child was meant.
 */
async function withChild<T>(
  cmd: Command,
  args: string,
  ctx: CommandContext,
  parse: ArgsParser<T>,
  act: (input: T, child: ChildHit, ctx: CommandContext) => Promise<ChatReply>,
): Promise<ChatReply> {
  if (!args.trim()) return invalid(cmd, '请写上儿童的姓名。');
  const found = await findChild(ctx.db, ctx.user, args);
  if (found.kind === 'none') return notFound(cmd, args.split(' ')[0] ?? '', found.suggestions);

  const input = parse(found.rest, ctx);
  if (isProblem(input)) return invalid(cmd, input.problem);
  if (found.kind === 'many') return askWhich(cmd, ctx, input, found.children);
  return act(input, found.child, ctx);
}

export interface ChildCommandSpec<T> extends Omit<Command, 'run' | 'resume'> {
  /** reads what follows the child reference */
  parse: ArgsParser<T>;
  /** does the work for the one child found (directly, or after the person picked one) */
  act(input: T, child: ChildHit, ctx: CommandContext): Promise<ChatReply>;
}

/** A command about one child: `<word> <child> <rest>`. */
export function childCommand<T>(spec: ChildCommandSpec<T>): Command {
  const { parse, act, ...meta } = spec;
  const cmd: Command = {
    ...meta,
    run: (args, ctx) => withChild(cmd, args, ctx, parse, act),
    resume: (input, child, ctx) => act(input as T, child, ctx),
  };
  return cmd;
}

function isProblem(value: unknown): value is { problem: string } {
  return typeof value === 'object' && value !== null && 'problem' in value && Object.keys(value).length === 1;
}

export function notFound(cmd: Pick<Command, 'name'>, typed: string, suggestions: string[]): ChatReply {
  const hint = suggestions.length
    ? `您负责的儿童中名字相近的有：${suggestions.join('、')}。`
    : '请核对姓名，也可以用拼音首字母（如 zxm）或身份证号后4位查找。';
  return refused(cmd.name, `没有找到“${typed}”。${hint}`);
}

async function askWhich(
  cmd: Command,
  ctx: CommandContext,
  input: unknown,
  children: ChildHit[],
): Promise<ChatReply> {
  const expiresAt = new Date(ctx.now.getTime() + PENDING_TTL_MS);
  const data = {
    command: cmd.name,
    input: (input ?? {}) as Prisma.InputJsonValue,
    choices: children.map((c) => c.id),
    expiresAt,
  };
  await ctx.db.chatPending.upsert({
    where: { userid: ctx.user.userid },
    create: { userid: ctx.user.userid, ...data },
    update: data,
  });
  const lines = children.map((c, i) => `${i + 1}. ${describeChild(c, ctx)}`);
  return {
    command: cmd.name,
    outcome: 'ok',
    text: `找到 ${children.length} 名儿童，请回复序号选择（10分钟内有效）：\n${lines.join('\n')}`,
  };
}

/** 张小明 男 9岁 平江路社区 320508********1234 */
export function describeChild(c: ChildHit, ctx: Pick<CommandContext, 'today'>): string {
  const age = ageOn(dayOf(c.birthDate), ctx.today);
  const left = c.registerStatus === 'left' ? '（已退出名册）' : '';
  return `${c.name} ${SEX_LABELS[c.sex]} ${age}岁 ${c.community.name} ${maskIdNumber(c.idNumber)}${left}`;
}

/**
 * Takes this person's pending question, if one is open. Reading and removing are one
 * statement, so two answers ("1" tapped twice, or on two instances) cannot both act on it.
 */
export async function takePending(ctx: CommandContext) {
  const [pending] = await ctx.db.$queryRaw<
    { command: string; input: unknown; choices: number[]; expiresAt: Date }[]
  >`
    DELETE FROM "ChatPending" WHERE userid = ${ctx.user.userid}
    RETURNING command, input, choices, "expiresAt"`;
  if (!pending || pending.expiresAt.getTime() < ctx.now.getTime()) return undefined;
  return pending;
}

export async function clearPending(ctx: CommandContext): Promise<void> {
  await ctx.db.chatPending.deleteMany({ where: { userid: ctx.user.userid } });
}
