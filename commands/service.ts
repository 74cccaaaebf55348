// 服务 张小明 12月1日 心理疏导 第三次 — records a service session (R3.6, R6.2) and says
// how this period's case-service count stands against what the level requires (R3).
import { z } from 'zod';
import { CaseworkRefusal } from '../src/casework/errors.js';
import { loadHistories } from '../src/casework/history.js';
import { isLateEntry, recordService } from '../src/casework/records.js';
import { childCommand } from '../src/chat/child-flow.js';
import { ok, refused } from '../src/chat/command.js';
import { formatChatDate, takeLeadingDate } from '../src/chat/dates.js';
import { maskFreeText } from '../src/chat/mask.js';
import {
  dutiesFor,
  isInLevelPackage,
  LEVEL_LABELS,
  type LocalDate,
  SERVICE_TYPE_LABELS,
  SERVICE_TYPES,
  type ServiceType,
  usualRecipient,
} from '../src/policy/index.js';

/** The names people use for each service type, besides the notice's own words. */
const SYNONYMS: Record<string, ServiceType> = {
  心理辅导: 'counselling',
  心理咨询: 'counselling',
  学业辅导: 'tutoring',
  课业辅导: 'tutoring',
  辅导功课: 'tutoring',
  行为矫治: 'behaviour_correction',
  兴趣培养: 'interests',
  兴趣: 'interests',
  技能: 'skills',
  职业技能: 'skills',
  喘息: 'respite',
  监护责任: 'guardian_duties',
  家庭关系: 'family_relations',
  家庭教育: 'family_training',
  家庭支持: 'family_support',
  小组: 'group_work',
  小组活动: 'group_work',
  学校服务: 'school_community',
  社区服务: 'school_community',
};

const SERVICE_WORDS: [string, ServiceType][] = [
  ...SERVICE_TYPES.map((t) => [SERVICE_TYPE_LABELS[t], t] as [string, ServiceType]),
  ...Object.entries(SYNONYMS),
].sort((a, b) => b[0].length - a[0].length);

const serviceInput = z.object({
  on: z.string(),
  type: z.enum(SERVICE_TYPES),
  notes: z.string().max(1000, '备注太长了，请控制在1000字以内。'),
});
type ServiceArgs = z.infer<typeof serviceInput>;

export function parseServiceArgs(rest: string, today: LocalDate): ServiceArgs | { problem: string } {
  const { on, text } = takeLeadingDate(rest, today);
  const match = SERVICE_WORDS.find(([word]) => text.startsWith(word));
  if (!match)
    return {
      problem: `请写明服务类型，例如：${['心理疏导', '学习辅导', '家庭支持服务', '监护干预'].join('、')}。`,
    };
  const notes = text.slice(match[0].length).trim();
  const parsed = serviceInput.safeParse({ on, type: match[1], notes });
  return parsed.success ? parsed.data : { problem: parsed.error.issues[0]!.message };
}

export const service = childCommand<ServiceArgs>({
  name: 'service',
  words: ['服务', '个案服务', '个案'],
  roles: ['director', 'supervisor'],
  summary: '登记一次个案服务或家庭服务',
  example: '服务 张小明 12月1日 心理疏导 第三次',
  usage: '服务 姓名 [日期] 服务类型 [备注]；类型如 心理疏导、法律援助、学习辅导、行为矫正、家庭支持服务',
  parse: (rest, ctx) => parseServiceArgs(rest, ctx.today),
  async act(input, child, ctx) {
    const recipient = usualRecipient(input.type);
    try {
      await recordService(
        ctx.db,
        { id: ctx.user.id, via: ctx.via },
        { childId: child.id, recipient, ...input },
        ctx.today,
      );
    } catch (err) {
      if (err instanceof CaseworkRefusal) return refused('service', err.userMessage);
      throw err;
    }
    const history = (await loadHistories(ctx.db, [child.id])).get(child.id)!;
    const report = dutiesFor(history, ctx.today);
    const lines = [
      `已登记：${child.name} ${formatChatDate(input.on, ctx.today)} ${SERVICE_TYPE_LABELS[input.type]}${input.notes ? `（${maskFreeText(input.notes)}）` : ''}。`,
    ];
    if (isLateEntry(input.on, ctx.today)) lines.push('注意：这是30天以前的服务，已按补录登记。');
    const caseDuty = report.current.find((i) => i.duty === 'case_service');
    if (caseDuty) {
      lines.push(
        `本期个案服务（${caseDuty.period.label}）：${caseDuty.have}/${caseDuty.need} 次` +
          (caseDuty.status === 'done'
            ? '，已达标。'
            : `，截止 ${formatChatDate(caseDuty.dueOn, ctx.today)}。`),
      );
    }
    if (report.level && !isInLevelPackage(input.type, report.level)) {
      lines.push(
        `提示：${SERVICE_TYPE_LABELS[input.type]}不在${LEVEL_LABELS[report.level]}的服务内容中（R3.6），已照常登记。`,
      );
    }
    if (recipient !== 'child') lines.push('家庭服务和其他服务不计入个案服务次数（R3）。');
    lines.push('如有错误，10分钟内回复“撤销”。');
    return ok('service', lines.join('\n'));
  },
});
