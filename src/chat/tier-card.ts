// The tier card (查询): what a director needs on a phone screen about one child.
import { dayOf, loadHistories } from '../casework/history.js';
import {
  ageOn,
  CATEGORY_LABELS,
  type CategoryCode,
  DUTY_LABELS,
  dutiesFor,
  LEAVE_REASON_LABELS,
  LEVEL_LABELS,
  type LeaveReason,
  type Level,
  RESOURCE_KIND_LABELS,
  reviewReminder,
  SEX_LABELS,
  TIER_LABELS,
  VISIT_KIND_LABELS,
} from '../policy/index.js';
import type { CommandContext } from './command.js';
import { formatChatDate } from './dates.js';
import { maskIdNumber, maskPhone } from './mask.js';

export async function tierCard(ctx: CommandContext, childId: number): Promise<string> {
  const { db, today } = ctx;
  const [child, histories] = await Promise.all([
    db.child.findUniqueOrThrow({
      where: { id: childId },
      include: {
        community: { select: { name: true } },
        director: { select: { name: true } },
        categories: { where: { endedOn: null }, orderBy: { code: 'asc' } },
        guardians: { where: { endedOn: null }, orderBy: [{ isPrimary: 'desc' }, { id: 'asc' }], take: 2 },
        visits: {
          where: { voidedAt: null },
          orderBy: [{ visitedOn: 'desc' }, { id: 'desc' }],
          take: 1,
          include: { staff: { select: { name: true } } },
        },
        urgentReports: { where: { status: { not: 'closed' } }, select: { id: true } },
        resources: { where: { voidedAt: null, endedOn: null }, take: 3 },
      },
    }),
    loadHistories(db, [childId]),
  ]);
  const history = histories.get(childId)!;
  const d = (day: string) => formatChatDate(day, today);
  const lines: string[] = [];

  lines.push(
    `${child.name}（${SEX_LABELS[child.sex]}，${ageOn(dayOf(child.birthDate), today)}岁）${child.community.name}`,
  );
  if (child.registerStatus === 'left') {
    const reason = child.leftReason ? LEAVE_REASON_LABELS[child.leftReason as LeaveReason] : '';
    lines.push(`已于${child.leftOn ? d(dayOf(child.leftOn)) : ''}退出名册${reason ? `（${reason}）` : ''}`);
  }

  const report = dutiesFor(history, today);
  if (report.level) {
    const level = report.level as Level;
    const review = reviewReminder({ level, start: report.levelSince! }, today, history.lastAssessedOn);
    lines.push(`风险等级：${TIER_LABELS[level]}（${LEVEL_LABELS[level]}）`);
    const reviewText = review
      ? `，复评日 ${d(review.reviewOn)}${review.status === 'overdue' ? '（已过期）' : review.status === 'due' ? '（今天）' : ''}`
      : '，长期常态化关注';
    lines.push(`保护期：${d(report.levelSince!)}起${reviewText}`);
  } else if (child.registerStatus === 'in_register') {
    lines.push('风险等级：尚未评估（请督导员评估，R2）');
  }

  const codes = child.categories.map((c) => `${c.code} ${CATEGORY_LABELS[c.code as CategoryCode]}`);
  lines.push(`类别：${codes.length ? codes.join('；') : '无'}`);

  const last = child.visits[0];
  lines.push(
    last
      ? `上次走访：${d(dayOf(last.visitedOn))} ${VISIT_KIND_LABELS[last.kind]}（${last.staff.name}）`
      : '上次走访：无记录',
  );
  for (const item of report.current) {
    const state =
      item.status === 'done'
        ? `已完成（${item.have}次）`
        : `${item.have}/${item.need} 次，截止 ${d(item.dueOn)}`;
    lines.push(`${DUTY_LABELS[item.duty]}（${item.period.label}）：${state}`);
  }
  if (report.overdue.length) {
    const oldest = report.overdue[0]!;
    lines.push(`逾期：${report.overdue.length} 项，最早 ${oldest.period.label}${DUTY_LABELS[oldest.duty]}`);
  }

  lines.push(`儿童主任：${child.director?.name ?? '未分配'}`);
  for (const g of child.guardians) lines.push(`监护人：${g.relation} ${g.name} ${maskPhone(g.phone)}`);
  lines.push(`身份证：${maskIdNumber(child.idNumber)}`);
  if (child.resources.length) {
    lines.push(
      `社会资源：${child.resources.map((r) => `${r.provider}（${RESOURCE_KIND_LABELS[r.kind]}）`).join('；')}`,
    );
  }
  if (child.urgentReports.length) {
    lines.push(
      `未结强制报告：${child.urgentReports.length} 件（${child.urgentReports.map((r) => `#${r.id}`).join('、')}）`,
    );
  }
  return lines.join('\n');
}
