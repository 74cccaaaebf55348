// The validation report as a workbook a street officer can act on: the roster as read, with
// every problem cell filled red and a note saying what is wrong and how to fix it, and a
// second sheet listing the problems row by row.
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { RosterSheet } from './roster-read.js';
import type { RosterProblem } from './roster-validate.js';

export const PROBLEM_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFFFC7CE' },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** roster.xlsx → roster.问题报告.xlsx, in the same folder. */
export function reportPath(input: string): string {
  const ext = path.extname(input);
  return path.join(path.dirname(input), `${path.basename(input, ext)}.问题报告.xlsx`);
}

export async function writeProblemReport(
  file: string,
  sheet: RosterSheet,
  problems: RosterProblem[],
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const roster = workbook.addWorksheet('名册（问题已标红）');
  for (const row of [sheet.header, ...sheet.rows]) {
    roster.getRow(row.number).values = row.cells.map((c) => c ?? '');
  }
  roster.getRow(sheet.header.number).font = { bold: true };
  roster.views = [{ state: 'frozen', ySplit: sheet.header.number }];
  roster.columns.forEach((column) => {
    column.width = 14;
  });

  const notes = new Map<string, string[]>();
  for (const p of problems) {
    const col = p.col;
    if (col === undefined) continue;
    const key = `${p.row}:${col}`;
    notes.set(key, [...(notes.get(key) ?? []), `${p.problem}。${p.fix}。`]);
  }
  for (const [key, lines] of notes) {
    const [row, col] = key.split(':').map(Number) as [number, number];
    const cell = roster.getCell(row, col + 1);
    cell.fill = PROBLEM_FILL;
    cell.note = lines.join('\n');
  }

  const list = workbook.addWorksheet('问题清单');
  list.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '列', key: 'header', width: 12 },
    { header: '内容', key: 'value', width: 24 },
    { header: '问题', key: 'problem', width: 40 },
    { header: '修改方法', key: 'fix', width: 50 },
  ];
  list.getRow(1).font = { bold: true };
  list.getRow(1).fill = HEADER_FILL;
  for (const p of problems)
    list.addRow({ row: p.row, header: p.header, value: p.value, problem: p.problem, fix: p.fix });

  await workbook.xlsx.writeFile(file);
}
