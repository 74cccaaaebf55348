// 补贴 2026-12: the month's payment list in brief (people, total, changes since last month);
// 补贴 2026-12 已发放: records the street's month as paid today (R5.2; late after the 25th, R5.5).
// 补贴标准 / 补贴标准 C1 2600 2027-01: the standard amounts per category.
import { CaseworkRefusal } from '../src/casework/errors.js';
import {
  loadRates,
  monthText,
  recordPayment,
  registerStartMonth,
  type StreetMonth,
  setRate,
  streetMonths,
} from '../src/casework/subsidy.js';
import { type Command, type CommandContext, invalid, ok, refused } from '../src/chat/command.js';
import { formatChatDate, parseChatMonth } from '../src/chat/dates.js';
import type { ChatReply } from '../src/chat/types.js';
import {
  CATEGORY_GROUP_LABELS,
  CATEGORY_LABELS,
  type CategoryCode,
  formatYuan,
  isCategoryCode,
  type LocalDate,
  monthOf,
  parseYuan,
  paymentDeadline,
  type SubsidyRate as SubsidyRateRow,
} from '../src/policy/index.js';
import { EXCLUSION_LABELS } from '../src/reports/subsidy-xlsx.js';

export interface Street {
  id: number;
  name: string;
}

/**
 * The streets a money command covers: a street officer's or supervisor's own street; for
 * district staff every street, or the one named in the message. Returns the words left over.
 */
export async function moneyStreets(
  ctx: CommandContext,
  words: string[],
): Promise<{ streets: Street[]; rest: string[] } | { problem: string }> {
  const all = await ctx.db.street.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } });
  const named = all.filter((s) => words.includes(s.name) || words.includes(s.name.replace(/街道$/, '')));
  const rest = words.filter((w) => !named.some((s) => s.name === w || s.name.replace(/街道$/, '') === w));
  if (ctx.user.role === 'district') return { streets: named.length ? named : all, rest };
  const own = all.find((s) => s.id === ctx.user.streetId);
  if (!own) return { problem: '您的账号还没有所属街道。请联系区民卫局管理员设置。' };
  if (named.some((s) => s.id !== own.id)) return { problem: `您只能查看${own.name}的补贴。` };
  return { streets: [own], rest };
}

/** A month report may be asked for from the register's first month up to this month. */
export async function checkReportMonth(ctx: CommandContext, month: LocalDate): Promise<string | null> {
  const thisMonth = monthOf(ctx.today);
  if (month > thisMonth)
    return `${monthText(month)}还没到，只能查看本月（${monthText(thisMonth)}）及以前的补贴。`;
  const start = await registerStartMonth(ctx.db);
  if (start === null || month < start) {
    return start === null
      ? '名册里还没有儿童，没有补贴可查。'
      : `名册从${monthText(start)}开始，没有${monthText(month)}的补贴记录。`;
  }
  return null;
}

const yuanText = (fen: number) => `${formatYuan(fen)}元`;

function streetSummary(s: StreetMonth, today: LocalDate, single: boolean): string[] {
  const paid = s.batch
    ? `已于${formatChatDate(s.batch.paidOn, today)}发放（${s.batch.recordedBy}登记${s.batch.late ? '，逾期' : ''}）`
    : `未登记发放，截止${formatChatDate(paymentDeadline(s.month), today)}（R5.2）`;
  const head = `${s.streetName}：${s.children.length}人，${yuanText(s.totalFen)}，${paid}`;
  const change = `较上月：新增${s.changes.added}人，减少${s.changes.left.length}人，金额变化${s.changes.amountChanged}人`;
  const lines = [head, `  ${change}`];
  if (single) {
    for (const c of s.changes.left.slice(0, 10)) {
      lines.push(`  减少：${c.name}（${EXCLUSION_LABELS[c.reason]}，R5.4）`);
    }
    if (s.changes.left.length > 10) lines.push(`  ……另有${s.changes.left.length - 10}人减少，详见“报表”`);
  }
  return lines;
}

export function monthReply(months: StreetMonth[], month: LocalDate, today: LocalDate): string {
  const people = months.reduce((n, s) => n + s.children.length, 0);
  const fen = months.reduce((n, s) => n + s.totalFen, 0);
  const lines = [`${monthText(month)}生活补贴：${people}人，合计${yuanText(fen)}`];
  for (const s of months) lines.push(...streetSummary(s, today, months.length === 1));
  lines.push(`发送“报表 ${month.slice(0, 7)}”获取明细表格。`);
  return lines.join('\n');
}

// A bare 发放 is not enough: a month recorded paid cannot be undone from chat.
const PAID_WORDS = new Set(['已发放', '已发', '已支付']);

export const subsidy: Command = {
  name: 'subsidy',
  words: ['补贴', '生活补贴'],
  roles: ['street', 'supervisor', 'district'],
  summary: '查看某月生活补贴发放名单概况；街道民政登记“已发放”',
  example: '补贴 2026-12',
  usage: '补贴 [月份] [已发放]，例如“补贴 2026-12”“补贴 本月 已发放”',
  async run(args, ctx) {
    const words = args.split(/\s+/).filter(Boolean);
    const scoped = await moneyStreets(ctx, words);
    if ('problem' in scoped) return refused(this.name, scoped.problem);
    const monthWord = scoped.rest.find((w) => parseChatMonth(w, ctx.today));
    const month = monthWord ? parseChatMonth(monthWord, ctx.today)! : monthOf(ctx.today);
    const markPaid = scoped.rest.some((w) => PAID_WORDS.has(w));
    const unknown = scoped.rest.filter((w) => w !== monthWord && !PAID_WORDS.has(w));
    if (unknown.length) return invalid(this, `没看懂“${unknown.join(' ')}”。`);
    const wrong = await checkReportMonth(ctx, month);
    if (wrong) return refused(this.name, wrong);
    if (!markPaid) {
      const months = await streetMonths(ctx.db, scoped.streets, month, settingsOf(ctx));
      return ok(this.name, monthReply(months, month, ctx.today));
    }
    return recordPaid(this, ctx, scoped.streets, month);
  },
};

async function recordPaid(
  cmd: Command,
  ctx: CommandContext,
  streets: Street[],
  month: LocalDate,
): Promise<ChatReply> {
  if (ctx.user.role === 'supervisor') return refused(cmd.name, '补贴发放由街道民政登记（R5.2）。');
  if (streets.length !== 1) {
    return invalid(cmd, '请写明登记哪个街道，例如：补贴 2026-12 已发放 平江街道。');
  }
  try {
    const recorded = await recordPayment(
      ctx.db,
      { id: ctx.user.id, via: ctx.via },
      { streetId: streets[0]!.id, month, paidOn: ctx.today },
      settingsOf(ctx),
    );
    const late = recorded.batch?.late
      ? `已过${formatChatDate(paymentDeadline(month), ctx.today)}的发放期限，记为逾期发放（R5.2）。`
      : '按时发放（R5.2），本月发放提醒停止（R5.5）。';
    return ok(
      cmd.name,
      `已登记${recorded.streetName}${monthText(month)}生活补贴发放：${recorded.children.length}人，` +
        `${yuanText(recorded.totalFen)}，发放日期${formatChatDate(ctx.today, ctx.today)}。${late}`,
    );
  } catch (err) {
    if (err instanceof CaseworkRefusal) return refused(cmd.name, err.userMessage);
    throw err;
  }
}

export function settingsOf(ctx: CommandContext) {
  return { payFrom: ctx.settings.subsidyPayFrom ?? ('next_month' as const) };
}

/**
 * A group's standard does not reach a sub-type with a standard of its own (that one wins,
 * R5.2): say which, so the district can set them too.
 */
function overriddenBy(all: readonly SubsidyRateRow[], group: string, fromMonth: LocalDate): string[] {
  if (group.length > 2) return [];
  const own = new Map<string, SubsidyRateRow>();
  for (const r of all) {
    if (r.category.length > 2 && r.category.startsWith(group)) own.set(r.category, r);
  }
  return [...own.values()]
    .sort((a, b) => a.category.localeCompare(b.category))
    .map(
      (r) =>
        `注意：${r.category} ${rateLabel(r.category)}有自己的标准（${yuanText(r.fen)}，${monthText(r.fromMonth)}起），仍按该标准发放；如需调整，请另发：补贴标准 ${r.category} 金额 ${fromMonth.slice(0, 7)}`,
    );
}

function rateLabel(category: string): string {
  return isCategoryCode(category)
    ? CATEGORY_LABELS[category as CategoryCode]
    : CATEGORY_GROUP_LABELS[category as keyof typeof CATEGORY_GROUP_LABELS];
}

export const rates: Command = {
  name: 'rates',
  words: ['补贴标准', '发放标准'],
  roles: ['street', 'supervisor', 'district'],
  summary: '查看各类别每月补贴标准；区民卫局可设置新标准',
  example: '补贴标准 C1 2600 2027-01',
  usage: '补贴标准（查看）或 补贴标准 类别 金额 [起始月份]（设置，类别写 C1–C6 或小类如 C4a）',
  async run(args, ctx) {
    const words = args.split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      const all = await loadRates(ctx.db);
      const thisMonth = monthOf(ctx.today);
      if (all.length === 0) {
        return ok(this.name, '还没有设置补贴标准，补贴名单暂时为空。区民卫局可发送：补贴标准 C1 2600');
      }
      const current = new Map<string, (typeof all)[number]>();
      const coming: string[] = [];
      for (const r of all) {
        if (r.fromMonth <= thisMonth) current.set(r.category, r);
        else
          coming.push(
            `${r.category} ${rateLabel(r.category)}：${monthText(r.fromMonth)}起 ${yuanText(r.fen)}`,
          );
      }
      const lines = ['每月补贴标准（R5.2）：'];
      for (const [category, r] of [...current].sort()) {
        lines.push(`${category} ${rateLabel(category)}：${yuanText(r.fen)}（${monthText(r.fromMonth)}起）`);
      }
      if (coming.length) lines.push('已定的调整：', ...coming);
      lines.push('未列出的类别不发放生活补贴。');
      return ok(this.name, lines.join('\n'));
    }
    if (ctx.user.role !== 'district') return refused(this.name, '补贴标准由区民卫局设置。');
    const [category = '', amount = '', from] = words;
    const code = category
      .toUpperCase()
      .replace(/^(C\d)([A-E])$/, (_, g: string, s: string) => g + s.toLowerCase());
    if (!/^C[1-6][a-e]?$/.test(code) || (code.length > 2 && !isCategoryCode(code))) {
      return invalid(this, `类别“${category}”不对，请写 C1–C6 或小类如 C4a。`);
    }
    const fen = parseYuan(amount);
    if (fen === undefined || fen === 0)
      return invalid(this, `金额“${amount}”不对，请写每月元数，如 2600 或 1850.50。`);
    const fromMonth = from ? parseChatMonth(from, ctx.today) : monthOf(ctx.today);
    if (!fromMonth) return invalid(this, `起始月份“${from}”不对，请写如 2027-01。`);
    try {
      await setRate(ctx.db, { id: ctx.user.id, via: ctx.via }, { category: code, fromMonth, fen });
    } catch (err) {
      if (err instanceof CaseworkRefusal) return refused(this.name, err.userMessage);
      throw err;
    }
    const done = `已设置：${code} ${rateLabel(code)} 自${monthText(fromMonth)}起每月${yuanText(fen)}。`;
    return ok(this.name, [done, ...overriddenBy(await loadRates(ctx.db), code, fromMonth)].join('\n'));
  },
};
