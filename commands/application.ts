// R5.1 applications for the basic living subsidy:
//   申请 姓名 身份证号 类别 社区 [说明]   — 受理 (received), also as a multi-line form;
//   申请 张小明 C2b [说明]               — 受理 for a child already on file;
//   申请                                 — lists those waiting
//   审核 #12 通过|不通过 [说明]           — the review
//   审批 #12 批准 | 审批 #12 不予批准 理由 — the decision; approval puts the child on the register
import type { CategoryCode } from '@prisma/client';
import {
  type Application,
  decideApplication,
  type NewApplication,
  receiveApplication,
  reviewApplication,
} from '../src/casework/applications.js';
import { readCategories } from '../src/casework/category-words.js';
import { CaseworkRefusal } from '../src/casework/errors.js';
import { dayOf } from '../src/casework/history.js';
import { monthText } from '../src/casework/subsidy.js';
import { waitingApplications as waitingFor } from '../src/casework/todo.js';
import { childCommand } from '../src/chat/child-flow.js';
import { type Command, type CommandContext, invalid, ok, refused } from '../src/chat/command.js';
import { formatChatDate } from '../src/chat/dates.js';
import { maskIdNumber } from '../src/chat/mask.js';
import { splitKeyValue } from '../src/chat/normalize.js';
import type { ChatReply } from '../src/chat/types.js';
import {
  CATEGORY_LABELS,
  ID_NUMBER_PROBLEM_LABELS,
  isUnder18,
  type LocalDate,
  parseIdNumber,
} from '../src/policy/index.js';
import { settingsOf } from './subsidy.js';

const MAX_LISTED = 10;

/** Applications waiting for a step in this person's scope, oldest first (for 申请 and 待办). */
export const waitingApplications = (ctx: CommandContext) => waitingFor(ctx.db, ctx.user);

export function waitingLine(
  a: {
    id: number;
    applicantName: string;
    category: keyof typeof CATEGORY_LABELS;
    status: string;
    receivedOn: Date;
    steps: { result: string }[];
  },
  today: LocalDate,
): string {
  const step =
    a.status === 'received'
      ? `待审核 → 审核 #${a.id} 通过`
      : a.steps.at(-1)?.result === '不通过'
        ? `审核未通过 → 审批 #${a.id} 不予批准 理由`
        : `待审批 → 审批 #${a.id} 批准`;
  return `申请 #${a.id} ${a.applicantName}（${CATEGORY_LABELS[a.category]}）${formatChatDate(dayOf(a.receivedOn), today)}受理，${step}（R5.1）`;
}

/** What 受理 needs, read from one line, a multi-line form, or a child already on file. */
interface ApplicationForm {
  name: string;
  idText: string;
  categoryText: string;
  communityName: string;
  note: string;
}

const FORM_FIELDS: Record<string, keyof ApplicationForm> = {
  姓名: 'name',
  身份证号: 'idText',
  身份证: 'idText',
  类别: 'categoryText',
  社区: 'communityName',
  说明: 'note',
  备注: 'note',
};

const FORM_EXAMPLE = '申请\n姓名：王小雨\n身份证号：（18位）\n类别：C1b\n社区：平江路社区\n说明：材料齐全';

/** `姓名：王小雨` lines, when the message is written as a form; undefined otherwise. */
function readForm(args: string): ApplicationForm | undefined {
  const form: ApplicationForm = { name: '', idText: '', categoryText: '', communityName: '', note: '' };
  let fields = 0;
  for (const line of args.split('\n')) {
    const kv = splitKeyValue(line);
    const field = kv && FORM_FIELDS[kv[0]];
    if (field) {
      form[field] = kv[1];
      fields++;
    }
  }
  return fields > 0 ? form : undefined;
}

/** An ID number, or a mistyped or cut-short one: a run of digits, never a category word. */
const looksLikeIdNumber = (word: string) => /^\d{5,}/.test(word);

async function listWaiting(ctx: CommandContext): Promise<ChatReply> {
  const waiting = await waitingApplications(ctx);
  if (waiting.length === 0) return ok('apply', '没有待审核或待审批的申请。');
  const lines = [`待办申请 ${waiting.length} 份（先受理的在前）：`];
  for (const a of waiting.slice(0, MAX_LISTED)) lines.push(waitingLine(a, ctx.today));
  if (waiting.length > MAX_LISTED) lines.push(`……另有 ${waiting.length - MAX_LISTED} 份`);
  return ok('apply', lines.join('\n'));
}

/** 受理 for a child not necessarily on file: everything comes from the message. */
async function receiveNew(cmd: Command, ctx: CommandContext, form: ApplicationForm): Promise<ChatReply> {
  const missing = (
    [
      ['name', '姓名'],
      ['idText', '身份证号'],
      ['categoryText', '类别'],
      ['communityName', '社区'],
    ] as const
  ).filter(([field]) => !form[field]);
  if (missing.length) return invalid(cmd, `缺少：${missing.map(([, label]) => label).join('、')}。`);
  const id = parseIdNumber(form.idText, ctx.today);
  if (!id.ok) return invalid(cmd, `身份证号有误：${ID_NUMBER_PROBLEM_LABELS[id.problem]}。`);
  if (!isUnder18(id.birthDate, ctx.today)) {
    return refused(cmd.name, `${form.name}已满18周岁（${id.birthDate}出生），不属于困境儿童（R1.0）。`);
  }
  const category = oneCategory(form.categoryText);
  if ('problem' in category) return invalid(cmd, category.problem);
  const community = await ctx.db.community.findFirst({
    where: {
      name: form.communityName,
      ...(ctx.user.role === 'district' ? {} : { streetId: ctx.user.streetId ?? -1 }),
    },
  });
  if (!community) return invalid(cmd, `您所在街道没有“${form.communityName}”。`);
  return receive(cmd, ctx, {
    streetId: community.streetId,
    communityId: community.id,
    communityName: community.name,
    applicantName: form.name,
    idNumber: id.idNumber,
    category: category.code,
    note: form.note,
  });
}

function oneCategory(text: string): { code: CategoryCode } | { problem: string } {
  const categories = readCategories(text);
  if ('problem' in categories) return categories;
  if (categories.length !== 1) return { problem: '一份申请写一个类别，例如 C1b。' };
  return { code: categories[0]! };
}

async function receive(
  cmd: Command,
  ctx: CommandContext,
  input: Omit<NewApplication, 'on'> & { communityName: string },
): Promise<ChatReply> {
  try {
    const application = await receiveApplication(
      ctx.db,
      { id: ctx.user.id, via: ctx.via },
      { ...input, on: ctx.today },
    );
    return ok(
      cmd.name,
      `已受理申请 #${application.id}：${input.applicantName}（${maskIdNumber(input.idNumber)}），` +
        `${input.category}（${CATEGORY_LABELS[input.category]}），${input.communityName}。下一步：审核 #${application.id} 通过 说明（R5.1）。`,
    );
  } catch (err) {
    if (err instanceof CaseworkRefusal) return refused(cmd.name, err.userMessage);
    throw err;
  }
}

/** 申请 张小明 C2b 说明: for a child already on file, found like any other child in scope. */
const applyOnFile = childCommand<{ category: CategoryCode; note: string }>({
  name: 'apply',
  words: ['申请'],
  roles: ['street', 'supervisor', 'district'],
  summary: '',
  example: '申请 张小明 C2b 材料齐全',
  usage: '申请 姓名 类别 [说明]（已建档的儿童）',
  parse(rest) {
    const [categoryText = '', ...note] = rest.split(' ').filter(Boolean);
    if (!categoryText) return { problem: '请写上申请的类别，例如 C2b。' };
    const category = oneCategory(categoryText);
    return 'problem' in category ? category : { category: category.code, note: note.join(' ') };
  },
  async act(input, child, ctx) {
    if (child.registerStatus === 'left') {
      return refused(
        'apply',
        `${child.name}已退出名册。重新纳入的，请用身份证号受理：申请 姓名 身份证号 类别 社区。`,
      );
    }
    const onFile = await ctx.db.child.findUniqueOrThrow({
      where: { id: child.id },
      select: { streetId: true, communityId: true },
    });
    return receive(apply, ctx, {
      streetId: onFile.streetId,
      communityId: onFile.communityId,
      communityName: child.community.name,
      applicantName: child.name,
      idNumber: child.idNumber,
      category: input.category,
      note: input.note,
    });
  },
});

export const apply: Command = {
  name: 'apply',
  words: ['申请', '受理'],
  roles: ['street', 'supervisor', 'district'],
  summary: '受理一份生活补贴申请；只发“申请”列出待办的申请',
  // Replies never carry a whole ID number, so the example is the form for a child on file.
  example: '申请 张小明 C2b 材料齐全',
  usage:
    '申请 姓名 身份证号 类别 社区 [说明]；已建档的儿童写 申请 姓名 类别 [说明]；' +
    `也可以多行填写：\n${FORM_EXAMPLE}`,
  async run(args, ctx) {
    const words = args.split(/\s+/).filter(Boolean);
    if (words.length === 0) return listWaiting(ctx);
    const form = readForm(args);
    if (form) return receiveNew(this, ctx, form);
    if (words.length >= 2 && !looksLikeIdNumber(words[1]!)) return applyOnFile.run(args, ctx);
    const [name = '', idText = '', categoryText = '', communityName = '', ...noteWords] = words;
    if (!communityName) return invalid(this, '请写齐姓名、身份证号、类别和社区。');
    return receiveNew(this, ctx, { name, idText, categoryText, communityName, note: noteWords.join(' ') });
  },
  resume: (input, child, ctx) => applyOnFile.resume!(input, child, ctx),
};

/** #12, 12, or the applicant's name among the waiting applications in scope. */
async function findApplication(
  ctx: CommandContext,
  token: string,
): Promise<{ application: { id: number } } | { problem: string }> {
  const byNumber = /^[#＃]?(\d{1,9})$/.exec(token);
  const scope = ctx.user.role === 'district' ? {} : { streetId: ctx.user.streetId ?? -1 };
  if (byNumber) {
    const found = await ctx.db.subsidyApplication.findFirst({
      where: { id: Number(byNumber[1]), ...scope },
      select: { id: true },
    });
    return found ? { application: found } : { problem: `没有找到申请 #${byNumber[1]}。` };
  }
  const named = await ctx.db.subsidyApplication.findMany({
    where: { applicantName: token, status: { in: ['received', 'reviewed'] }, ...scope },
    select: { id: true },
  });
  if (named.length === 1) return { application: named[0]! };
  if (named.length === 0) return { problem: `没有“${token}”的待办申请。发送“申请”查看待办的申请。` };
  return {
    problem: `${token}有 ${named.length} 份待办申请（${named.map((a) => `#${a.id}`).join('、')}），请写申请编号。`,
  };
}

async function step(
  cmd: Command,
  ctx: CommandContext,
  args: string,
  run: (id: number, verdict: string, note: string) => Promise<ChatReply>,
  verdicts: string[],
): Promise<ChatReply> {
  const [token = '', ...rest] = args.split(/\s+/).filter(Boolean);
  if (!token) return invalid(cmd, '请写申请编号。');
  const verdict = verdicts.find((v) => rest[0] === v);
  if (!verdict) return invalid(cmd, `请写${verdicts.join('或')}。`);
  const found = await findApplication(ctx, token);
  if ('problem' in found) return refused(cmd.name, found.problem);
  try {
    return await run(found.application.id, verdict, rest.slice(1).join(' '));
  } catch (err) {
    if (err instanceof CaseworkRefusal) return refused(cmd.name, err.userMessage);
    throw err;
  }
}

export const review: Command = {
  name: 'review',
  words: ['审核'],
  roles: ['street', 'supervisor', 'district'],
  summary: '审核一份已受理的补贴申请（通过或不通过，写明说明）',
  example: '审核 #12 通过 入户核实属实',
  usage: '审核 申请编号 通过|不通过 [说明]',
  async run(args, ctx) {
    return step(
      this,
      ctx,
      args,
      async (id, verdict, note) => {
        const passed = verdict === '通过';
        const a = await reviewApplication(
          ctx.db,
          { id: ctx.user.id, via: ctx.via },
          { id, passed, note, on: ctx.today },
        );
        return ok(
          this.name,
          `申请 #${id} ${a.applicantName}：审核${verdict}。下一步由街道审批：审批 #${id} ${passed ? '批准' : '不予批准 理由'}（R5.1）。`,
        );
      },
      ['通过', '不通过'],
    );
  },
};

export const decide: Command = {
  name: 'decide',
  words: ['审批'],
  roles: ['street', 'district'],
  summary: '审批一份已审核的补贴申请：批准后纳入名册并按月发放',
  example: '审批 #12 批准',
  usage: '审批 申请编号 批准 | 审批 申请编号 不予批准 理由',
  async run(args, ctx) {
    return step(
      this,
      ctx,
      args,
      async (id, verdict, reason) => {
        const approve = verdict === '批准';
        const { application, childCreated } = await decideApplication(
          ctx.db,
          { id: ctx.user.id, via: ctx.via },
          { id, approve, reason, on: ctx.today },
          settingsOf(ctx),
        );
        return ok(this.name, decisionText(application, approve, childCreated));
      },
      ['批准', '不予批准', '不批准'],
    );
  },
};

function decisionText(a: Application, approve: boolean, childCreated: boolean): string {
  if (!approve) return `申请 #${a.id} ${a.applicantName}：不予批准，理由已记录。`;
  const from = a.payFromMonth ? monthText(dayOf(a.payFromMonth)) : '';
  const filed = childCreated ? '已纳入名册并建档，请督导员尽快评估风险等级（R2）；' : '';
  return `申请 #${a.id} ${a.applicantName}：已批准。${filed}自${from}起列入补贴发放名单（R5.1）。`;
}
