// 评估 张小明 黄色 父亲已出狱，监护恢复 — records an assessment; R3 decides whether the new
// tier may start a period now. A refusal names the rule and the earliest allowed date.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { recordAssessment } from '../src/casework/assessment.js';
import { CaseworkRefusal } from '../src/casework/errors.js';
import { childCommand } from '../src/chat/child-flow.js';
import { type CommandContext, ok, refused } from '../src/chat/command.js';
import { formatChatDate, takeLeadingDate } from '../src/chat/dates.js';
import { maskFreeText } from '../src/chat/mask.js';
import { LEVEL_LABELS, type Level, type LocalDate, TIER_LABELS } from '../src/policy/index.js';

const TIER_WORDS: [string, Level][] = (
  [
    ['红色', 1],
    ['黄色', 2],
    ['蓝色', 3],
    ['绿色', 4],
    ['一级', 1],
    ['二级', 2],
    ['三级', 3],
    ['四级', 4],
    ['高风险', 1],
    ['中高风险', 2],
    ['中低风险', 3],
    ['低风险', 4],
    ['红', 1],
    ['黄', 2],
    ['蓝', 3],
    ['绿', 4],
    ['1', 1],
    ['2', 2],
    ['3', 3],
    ['4', 4],
  ] as [string, Level][]
).sort((a, b) => b[0].length - a[0].length);

const assessInput = z.object({
  on: z.string(),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  reason: z
    .string()
    .min(2, '请写上评估理由（监护、生理、行为方面的情况）。')
    .max(1000, '理由太长了，请控制在1000字以内。'),
});
type AssessArgs = z.infer<typeof assessInput>;

export function parseAssessArgs(rest: string, today: LocalDate): AssessArgs | { problem: string } {
  const { on, text } = takeLeadingDate(rest, today);
  if (on > today) return { problem: `评估日期 ${on} 还没到。` };
  const match = TIER_WORDS.find(([word]) => text.startsWith(word));
  if (!match) return { problem: '请写明风险等级：红色、黄色、蓝色或绿色。' };
  const reason = text
    .slice(match[0].length)
    .replace(/^(等级|风险|保护)/, '')
    .trim();
  const parsed = assessInput.safeParse({ on, tier: match[1], reason });
  return parsed.success ? parsed.data : { problem: parsed.error.issues[0]!.message };
}

const tierText = (level: Level) => `${TIER_LABELS[level]}（${LEVEL_LABELS[level]}）`;

export const assess = childCommand<AssessArgs>({
  name: 'assess',
  words: ['评估', '复评', '定级'],
  roles: ['supervisor', 'district', 'director'],
  summary: '记录一次风险评估（督导员、区民卫局）；儿童主任发送时转告督导员',
  example: '评估 张小明 黄色 父亲已出狱，监护恢复',
  usage: '评估 姓名 [日期] 红色/黄色/蓝色/绿色 评估理由',
  parse: (rest, ctx) => parseAssessArgs(rest, ctx.today),
  async act(input, child, ctx) {
    if (ctx.user.role === 'director') return forwardToSupervisor(input, child, ctx);

    let outcome: Awaited<ReturnType<typeof recordAssessment>>;
    try {
      outcome = await recordAssessment(
        ctx.db,
        { id: ctx.user.id, via: ctx.via },
        { childId: child.id, ...input },
        ctx.today,
      );
    } catch (err) {
      if (err instanceof CaseworkRefusal) return refused('assess', err.userMessage);
      throw err;
    }
    const d = (day: string) => formatChatDate(day, ctx.today);
    if (!outcome.recorded) {
      const t = outcome.transition;
      const current = tierText(t.period.level);
      if (t.rule === 'R3.3') {
        return refused(
          'assess',
          `未记录：${child.name}目前为${current}。根据 R3.3，一级（红色）不能直接降为四级（绿色），请评估为黄色或蓝色。`,
        );
      }
      return refused(
        'assess',
        `未记录：${child.name}目前为${current}，自${d(t.period.start)}起。根据 R3.2，降级须满最短保护期，最早 ${d(t.earliestOn!)} 可以评估降级。`,
      );
    }
    const t = outcome.transition;
    const p = t.period;
    const review = p.reviewOn ? `，复评日 ${d(p.reviewOn)}` : '，长期常态化关注';
    const head =
      t.change === 'same'
        ? `已记录评估：${child.name}维持${tierText(p.level)}（R3.4），保护期自${d(p.start)}起继续${review}。`
        : `已记录评估：${child.name}为${tierText(p.level)}（${t.rule}），自${d(p.start)}起${review}。`;
    return ok('assess', `${head}\n如有错误，10分钟内回复“撤销”。`);
  },
});

/** A director may not record an assessment; the street's supervisors hear of the request. */
async function forwardToSupervisor(
  input: AssessArgs,
  child: { id: number; name: string },
  ctx: CommandContext,
) {
  const row = await ctx.db.child.findUniqueOrThrow({ where: { id: child.id }, select: { streetId: true } });
  const supervisors = await ctx.db.staff.findMany({
    where: { role: 'supervisor', active: true, streetId: row.streetId },
    select: { userid: true, name: true },
  });
  if (supervisors.length) {
    await ctx.notifier.push({
      kind: 'assessment_request',
      recipients: supervisors.map((s) => s.userid),
      // The same suggestion on the same day is one alert, also when a WeCom retry runs the
      // message again after its first delivery died (nothing here is audited to say it ran).
      key: `assess-request:${ctx.user.userid}:${child.id}:${ctx.today}:${input.tier}:${createHash('sha256').update(input.reason).digest('hex').slice(0, 16)}`,
      text:
        `儿童主任${ctx.user.name}建议对${child.name}重新评估为${tierText(input.tier)}：${maskFreeText(input.reason)}\n` +
        `请核实后发送：评估 ${child.name} ${TIER_LABELS[input.tier]} 理由`,
    });
  }
  const who = supervisors.length
    ? `已把您的意见转告督导员${supervisors.map((s) => s.name).join('、')}。`
    : '本街道暂无在岗督导员，请联系街道。';
  return refused('assess', `风险评估由儿童督导员或区民卫局工作人员记录（R2）。${who}`);
}
