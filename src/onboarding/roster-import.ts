// `npm run import` as a function: read the roster, validate every row, and either write the
// problem report (importing nothing) or plan and apply the update, returning the lines the
// operator reads.
import path from 'node:path';
import { maskFreeText, maskIdNumber } from '../chat/mask.js';
import type { Db } from '../db/client.js';
import type { LocalDate } from '../policy/index.js';
import { reportPath, writeProblemReport } from './report-xlsx.js';
import { applyImport } from './roster-apply.js';
import { type ImportPlan, type Names, planImport, tierText } from './roster-plan.js';
import { readRosterFile } from './roster-read.js';
import {
  loadReference,
  type Reference,
  type RosterProblem,
  rosterIdNumbers,
  validateRoster,
} from './roster-validate.js';

export type ImportPhase = 'validate' | 'write';

export interface ImportOptions {
  today: LocalDate;
  actorId: number | null;
  /** plan and report without writing */
  dryRun?: boolean;
  onProgress?: (phase: ImportPhase, done: number, total: number) => void;
}

export type ImportResult =
  | { status: 'invalid'; problems: RosterProblem[]; reportFile: string; lines: string[] }
  | { status: 'planned' | 'imported'; plan: ImportPlan; lines: string[] };

export async function importRoster(db: Db, file: string, options: ImportOptions): Promise<ImportResult> {
  const sheet = await readRosterFile(file);
  const total = sheet.rows.length;
  const ref = await loadReference(db, rosterIdNumbers(sheet));
  const validation = validateRoster(sheet, ref, options.today, (done) =>
    options.onProgress?.('validate', done, total),
  );
  const lines: string[] = [];
  if (sheet.encoding)
    lines.push(
      `读取 ${path.basename(file)}（${sheet.encoding === 'gbk' ? 'GBK' : 'UTF-8'} 编码）：${total} 行。`,
    );
  else lines.push(`读取 ${path.basename(file)}：${total} 行。`);
  if (validation.ignoredHeaders.length > 0)
    lines.push(`以下列不导入：${validation.ignoredHeaders.join('、')}。`);

  if (validation.problems.length > 0) {
    const reportFile = reportPath(file);
    await writeProblemReport(reportFile, sheet, validation.problems);
    const rows = new Set(validation.problems.map((p) => p.row)).size;
    lines.push(
      `发现 ${validation.problems.length} 处问题（涉及 ${rows} 行），本次没有导入任何数据。请改正后重新导入：`,
    );
    for (const p of validation.problems) lines.push(problemLine(p));
    lines.push(`问题报告（问题单元格已标红）：${reportFile}`);
    return { status: 'invalid', problems: validation.problems, reportFile, lines };
  }

  const plan = await planImport(db, validation.rows, options.today, namesOf(ref));
  lines.push(...planLines(plan));
  if (options.dryRun) {
    lines.push('（试运行：以上更改均未写入。去掉 --dry-run 后正式导入。）');
    return { status: 'planned', plan, lines };
  }
  const writes = plan.added.length + plan.changed.length;
  await applyImport(db, plan, {
    actorId: options.actorId,
    today: options.today,
    file: path.basename(file),
    onProgress: (done) => options.onProgress?.('write', done, writes),
  });
  lines.push(
    `导入完成：新增 ${plan.added.length} 名，更新 ${plan.changed.length} 名，未变 ${plan.unchanged} 名。`,
  );
  return { status: 'imported', plan, lines };
}

export function problemLine(p: RosterProblem): string {
  // The console shows ID and phone numbers masked; the report workbook keeps what was typed.
  const value = p.value ? `“${maskFreeText(p.value)}”` : '（空）';
  return `  第${p.row}行 ${p.header} ${value}：${p.problem}。${p.fix}。`;
}

function planLines(plan: ImportPlan): string[] {
  const lines: string[] = [];
  const who = (name: string, idNumber: string) => `${name}（${maskIdNumber(idNumber)}）`;
  if (plan.added.length > 0) {
    lines.push(`新增 ${plan.added.length} 名儿童：`);
    for (const { row, assessment } of plan.added.slice(0, 50)) {
      const tier = assessment ? `，风险等级 ${tierText(assessment.tier)}` : '，未评估';
      lines.push(`  第${row.row}行 ${who(row.name, row.idNumber)} 类别 ${row.categories.join('、')}${tier}`);
    }
    if (plan.added.length > 50) lines.push(`  ……另有 ${plan.added.length - 50} 名`);
  }
  if (plan.changed.length > 0) {
    lines.push(`更新 ${plan.changed.length} 名儿童：`);
    for (const c of plan.changed) {
      const what = c.changes.map((f) => `${f.field} ${f.from} → ${f.to}`).join('；');
      lines.push(`  第${c.row.row}行 ${who(c.row.name, c.row.idNumber)}：${what}`);
    }
  }
  if (plan.refusals.length > 0) {
    lines.push(`${plan.refusals.length} 处风险等级变更未采纳（其余内容照常导入）：`);
    for (const r of plan.refusals)
      lines.push(`  第${r.row.row}行 ${who(r.row.name, r.row.idNumber)}：${r.message}`);
  }
  if (plan.leaveCandidates.length > 0) {
    lines.push(
      `系统中有、表中没有的儿童 ${plan.leaveCandidates.length} 名，可能需要退出名册（R4.4）。系统不会自动删除，请核实后用“退出”命令逐一办理：`,
    );
    for (const c of plan.leaveCandidates) {
      lines.push(`  ${who(c.name, c.idNumber)} ${c.street} ${c.community}，儿童主任 ${c.director}`);
    }
  }
  return lines;
}

function namesOf(ref: Reference): Names {
  const streets = new Map(ref.streets.map((s) => [s.id, s.name]));
  const communities = new Map(ref.communities.map((c) => [c.id, c.name]));
  const staff = new Map(ref.staff.map((s) => [s.id, s.active ? s.name : `${s.name}（已停用）`]));
  return {
    street: (id) => streets.get(id) ?? '',
    community: (id) => communities.get(id) ?? '',
    staff: (id) => (id === null ? '无' : (staff.get(id) ?? '')),
  };
}
