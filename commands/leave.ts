// 退出 张小明 已满18周岁 — takes a child off the register with reason and date (R4.4).
import { z } from 'zod';
import { CaseworkRefusal } from '../src/casework/errors.js';
import { dayOf } from '../src/casework/history.js';
import { leaveRegister } from '../src/casework/register.js';
import { childCommand } from '../src/chat/child-flow.js';
import { ok, refused } from '../src/chat/command.js';
import { formatChatDate, takeLeadingDate } from '../src/chat/dates.js';
import {
  eighteenthBirthday,
  firstUnpaidMonth,
  LEAVE_REASON_LABELS,
  type LocalDate,
} from '../src/policy/index.js';

const monthText = (month: LocalDate) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

const REASONS: [RegExp, z.infer<typeof leaveInput>['reason']][] = [
  [/满\s*18|成年|18周岁/, 'turned_18'],
  [/不再符合|不符合|脱困|条件/, 'no_category'],
  [/死亡|去世|病故/, 'died'],
  [/迁出|搬走|迁走|转走|户籍迁/, 'moved_out'],
  [/收养/, 'adopted'],
];

const leaveInput = z.object({
  on: z.string(),
  reason: z.enum(['turned_18', 'no_category', 'died', 'moved_out', 'adopted']),
  note: z.string().max(500, '说明太长了，请控制在500字以内。'),
});
type LeaveArgs = z.infer<typeof leaveInput>;

export function parseLeaveArgs(rest: string, today: LocalDate): LeaveArgs | { problem: string } {
  const { on, text } = takeLeadingDate(rest, today);
  if (on > today) return { problem: `日期 ${on} 还没到。` };
  const reasons = [...new Set(REASONS.filter(([pattern]) => pattern.test(text)).map(([, r]) => r))];
  if (reasons.length === 0)
    return { problem: '请写明退出原因：已满18周岁、不再符合条件、死亡、迁出或被收养。' };
  if (reasons.length > 1) {
    const names = reasons.map((r) => LEAVE_REASON_LABELS[r]).join('、');
    return {
      problem: `看到了几个退出原因（${names}），请只写一个，其余写在说明里，例如：退出 张小明 被收养 由亲戚收养。`,
    };
  }
  const reason = reasons[0]!;
  const parsed = leaveInput.safeParse({ on, reason, note: text });
  return parsed.success ? parsed.data : { problem: parsed.error.issues[0]!.message };
}

export const leave = childCommand<LeaveArgs>({
  name: 'leave',
  words: ['退出', '退出名册', '销册'],
  roles: ['street', 'supervisor'],
  summary: '将儿童退出名册（记录原因和日期，不删除档案）',
  example: '退出 张小明 已满18周岁',
  usage: '退出 姓名 [日期] 原因（已满18周岁/不再符合条件/死亡/迁出/被收养）',
  parse: (rest, ctx) => parseLeaveArgs(rest, ctx.today),
  async act(input, child, ctx) {
    let on = input.on;
    if (input.reason === 'turned_18') {
      const birthday = eighteenthBirthday(dayOf(child.birthDate));
      if (birthday > ctx.today) {
        return refused(
          'leave',
          `${child.name}要到 ${formatChatDate(birthday, ctx.today)} 才满18周岁（R1.0），届时再办理退出。`,
        );
      }
      on = birthday;
    }
    try {
      await leaveRegister(
        ctx.db,
        { id: ctx.user.id, via: ctx.via },
        { childId: child.id, reason: input.reason, on, note: input.note },
      );
    } catch (err) {
      if (err instanceof CaseworkRefusal) return refused('leave', err.userMessage);
      throw err;
    }
    return ok(
      'leave',
      `已将${child.name}退出名册：${LEAVE_REASON_LABELS[input.reason]}，自${formatChatDate(on, ctx.today)}起。` +
        `档案保留，走访和服务提醒停止；补贴从${monthText(firstUnpaidMonth(on))}起停发（R5.4）` +
        (firstUnpaidMonth(on) <= ctx.today ? '，此后已发放的请核对。' : '。') +
        '如有错误，10分钟内回复“撤销”。',
    );
  },
});
