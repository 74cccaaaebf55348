// The tier card (查询): what a director needs on a phone screen about one child.
import { Prisma } from '@prisma/client';
import { loadHistories } from '../casework/history.js';
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
  type ResourceKind,
  reviewReminder,
  SEX_LABELS,
  TIER_LABELS,
  VISIT_KIND_LABELS,
  type VisitKind,
} from '../policy/index.js';
import { childFileUrl } from '../web/links.js';
import type { CommandContext } from './command.js';
import { formatChatDate } from './dates.js';
import { maskIdNumber, maskPhone } from './mask.js';

interface CardRow {
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  idNumber: string;
  registerStatus: 'in_register' | 'left';
  leftOn: string | null;
  leftReason: string | null;
  community: string;
  director: string | null;
  guardians: { relation: string; name: string; phone: string }[];
  lastVisit: { on: string; kind: VisitKind; by: string } | null;
  reports: number[];
  resources: { provider: string; kind: ResourceKind }[];
  categories: CategoryCode[];
}

// Everything on the card in one round trip: the card must come back within a few
// milliseconds, and each ORM query costs about as much as the database work itself.
const CARD_SQL = Prisma.sql`
  SELECT c.name, c.sex::text AS sex, c."birthDate"::text AS "birthDate", c."idNumber",
         c."registerStatus"::text AS "registerStatus", c."leftOn"::text AS "leftOn", c."leftReason"::text AS "leftReason",
         cm.name AS community, d.name AS director,
         COALESCE((SELECT json_agg(json_build_object('relation', g.relation, 'name', g.name, 'phone', g.phone))
                   FROM (SELECT * FROM "Guardian" g WHERE g."childId" = c.id AND g."endedOn" IS NULL
                         ORDER BY g."isPrimary" DESC, g.id LIMIT 2) g), '[]') AS guardians,
         (SELECT json_build_object('on', v."visitedOn"::text, 'kind', v.kind, 'by', s.name)
            FROM "Visit" v JOIN "Staff" s ON s.id = v."staffId"
           WHERE v."childId" = c.id AND v."voidedAt" IS NULL
           ORDER BY v."visitedOn" DESC, v.id DESC LIMIT 1) AS "lastVisit",
         COALESCE((SELECT json_agg(u.id ORDER BY u.id) FROM "UrgentReport" u
                    WHERE u."childId" = c.id AND u.status <> 'closed'), '[]') AS reports,
         COALESCE((SELECT json_agg(json_build_object('provider', r.provider, 'kind', r.kind))
                   FROM (SELECT * FROM "ResourceLink" r WHERE r."childId" = c.id AND r."voidedAt" IS NULL
                         AND r."endedOn" IS NULL ORDER BY r.id LIMIT 3) r), '[]') AS resources,
         COALESCE((SELECT json_agg(k.code ORDER BY k.code) FROM "ChildCategory" k
                    WHERE k."childId" = c.id AND k."endedOn" IS NULL), '[]') AS categories
    FROM "Child" c
    JOIN "Community" cm ON cm.id = c."communityId"
    LEFT JOIN "Staff" d ON d.id = c."directorId"`;

export async function tierCard(ctx: CommandContext, childId: number): Promise<string> {
  const { db, today } = ctx;
  const [[child], histories] = await Promise.all([
    db.$queryRaw<CardRow[]>`${CARD_SQL} WHERE c.id = ${childId}`,
    loadHistories(db, [childId]),
  ]);
  if (!child) throw new Error(`child ${childId} not found`);
  const { guardians, lastVisit, reports, resources, categories } = child;
  const history = histories.get(childId)!;
  const d = (day: string) => formatChatDate(day, today);
  const lines: string[] = [];

  lines.push(
    `${child.name}（${SEX_LABELS[child.sex]}，${ageOn(child.birthDate, today)}岁）${child.community}`,
  );
  if (child.registerStatus === 'left') {
    const reason = child.leftReason ? LEAVE_REASON_LABELS[child.leftReason as LeaveReason] : '';
    lines.push(`已于${child.leftOn ? d(child.leftOn) : ''}退出名册${reason ? `（${reason}）` : ''}`);
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

  const codes = categories.map((c) => `${c} ${CATEGORY_LABELS[c]}`);
  lines.push(`类别：${codes.length ? codes.join('；') : '无'}`);

  const last = lastVisit;
  lines.push(
    last ? `上次走访：${d(last.on)} ${VISIT_KIND_LABELS[last.kind]}（${last.by}）` : '上次走访：无记录',
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

  lines.push(`儿童主任：${child.director ?? '未分配'}`);
  for (const g of guardians) lines.push(`监护人：${g.relation} ${g.name} ${maskPhone(g.phone)}`);
  lines.push(`身份证：${maskIdNumber(child.idNumber)}`);
  if (resources.length) {
    lines.push(
      `社会资源：${resources.map((r) => `${r.provider}（${RESOURCE_KIND_LABELS[r.kind]}）`).join('；')}`,
    );
  }
  if (reports.length) {
    lines.push(`未结强制报告：${reports.length} 件（${reports.map((id) => `#${id}`).join('、')}）`);
  }
  const base = ctx.settings.publicBaseUrl;
  if (base) lines.push(`档案：${childFileUrl(base, childId)}`);
  return lines.join('\n');
}
