// 走访 张小明 昨天 入户 奶奶在家，情况稳定 — records a visit (R4.2) and says what is due next.
import { z } from 'zod';
import { CaseworkRefusal } from '../src/casework/errors.js';
import { loadHistories } from '../src/casework/history.js';
import { isLateEntry, recordVisit } from '../src/casework/records.js';
import { childCommand } from '../src/chat/child-flow.js';
import { type CommandContext, ok, refused } from '../src/chat/command.js';
import { formatChatDate, parseChatDate } from '../src/chat/dates.js';
import { maskFreeText } from '../src/chat/mask.js';
import { addDays, DUTY_LABELS, dutiesFor, type LocalDate, VISIT_KIND_LABELS } from '../src/policy/index.js';

const KIND_WORDS: Record<string, 'home' | 'phone' | 'spot_check'> = {
  入户: 'home',
  家访: 'home',
  上门: 'home',
  电话: 'phone',
  电访: 'phone',
  抽查: 'spot_check',
  入户抽查: 'spot_check',
};

const visitInput = z.object({
  on: z.string(),
  kind: z.enum(['home', 'phone', 'spot_check']),
  notes: z.string().max(1000, '备注太长了，请控制在1000字以内。'),
  childSeen: z.boolean(),
});
type VisitArgs = z.infer<typeof visitInput>;

/** After the child: [date] [kind] [notes]; date defaults to today, kind to 入户. */
export function parseVisitArgs(rest: string, today: LocalDate): VisitArgs | { problem: string } {
  const tokens = rest.split(' ').filter(Boolean);
  let on = today;
  let kind: VisitArgs['kind'] = 'home';
  const first = tokens[0];
  if (first) {
    const date = parseChatDate(first, today);
    if (date) {
      on = date;
      tokens.shift();
    } else if (/^\d|^[上这本]?(周|星期)/.test(first)) {
      return { problem: `看不懂日期“${first}”。` };
    }
  }
  const kindWord = tokens[0] && Object.hasOwn(KIND_WORDS, tokens[0]) ? KIND_WORDS[tokens[0]] : undefined;
  if (kindWord) {
    kind = kindWord;
    tokens.shift();
  }
  const notes = tokens.join(' ');
  const childSeen = !/未见到孩子|没见到孩子|孩子不在/.test(notes);
  const parsed = visitInput.safeParse({ on, kind, notes, childSeen });
  return parsed.success ? parsed.data : { problem: parsed.error.issues[0]!.message };
}

export const visit = childCommand<VisitArgs>({
  name: 'visit',
  words: ['走访', '家访', '探访'],
  roles: ['director', 'supervisor', 'district'],
  summary: '登记一次走访（入户/电话/抽查）',
  example: '走访 张小明 昨天 入户 奶奶在家，情况稳定',
  usage: '走访 姓名 [日期] [入户/电话/抽查] [情况]；日期可写 今天、昨天、周三、12月1日，不写为今天',
  parse: (rest, ctx) => parseVisitArgs(rest, ctx.today),
  async act(input, child, ctx) {
    if (input.kind === 'spot_check' && ctx.user.role !== 'district') {
      return refused('visit', '入户抽查由区民卫局工作人员登记（R4.3）。儿童主任和督导员请写“入户”或“电话”。');
    }
    try {
      await recordVisit(
        ctx.db,
        { id: ctx.user.id, via: ctx.via },
        { childId: child.id, ...input },
        ctx.today,
      );
    } catch (err) {
      if (err instanceof CaseworkRefusal) return refused('visit', err.userMessage);
      throw err;
    }
    const lines = [
      `已登记：${child.name} ${formatChatDate(input.on, ctx.today)} ${VISIT_KIND_LABELS[input.kind]}走访${input.notes ? `，${maskFreeText(input.notes)}` : ''}。`,
    ];
    if (isLateEntry(input.on, ctx.today)) lines.push('注意：这是30天以前的走访，已按补录登记。');
    if (input.kind === 'phone') lines.push('电话联系不计入走访次数（R4.2 要求入户走访）。');
    lines.push(await nextDue(ctx, child.id));
    lines.push('如有错误，10分钟内回复“撤销”。');
    return ok('visit', lines.join('\n'));
  },
});

async function nextDue(ctx: CommandContext, childId: number): Promise<string> {
  const history = (await loadHistories(ctx.db, [childId])).get(childId)!;
  const report = dutiesFor(history, ctx.today);
  const visits = report.current.filter((i) => i.duty === 'visit' || i.duty === 'follow_up');
  if (visits.length === 0) return '该儿童目前没有走访要求。';
  return visits
    .map((i) =>
      i.status === 'done'
        ? `${DUTY_LABELS[i.duty]}：${i.period.label}已完成，下一期从${formatChatDate(addDays(i.period.end, 1), ctx.today)}开始。`
        : `${DUTY_LABELS[i.duty]}：${i.period.label}还需 ${i.need - i.have} 次，截止 ${formatChatDate(i.dueOn, ctx.today)}。`,
    )
    .join('\n');
}
