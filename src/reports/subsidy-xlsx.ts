// The spreadsheets the district asks for (R5.2, R5.3): the monthly payment report, one sheet per
// street and a summary, and the quarterly forecast. ID numbers are masked as in chat. Amounts are
// written as yuan with two decimals, computed from whole fen.
import ExcelJS from 'exceljs';
import type { StreetForecast, StreetMonth } from '../casework/subsidy.js';
import { monthText } from '../casework/subsidy.js';
import { maskIdNumber } from '../chat/mask.js';
import { CATEGORY_LABELS, type ExclusionReason, type LocalDate, totalFen } from '../policy/index.js';

const MONEY = '#,##0.00';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const LATE_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

export const EXCLUSION_LABELS: Record<ExclusionReason | 'unknown', string> = {
  not_yet: '尚未到起始发放月',
  turned_18: '年满18周岁',
  left: '已退出名册',
  no_category: '不再符合困境儿童类别',
  no_rate: '所属类别未设补贴标准',
  unknown: '档案变化',
};

const yuan = (fen: number) => fen / 100;

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], and unique in the workbook. */
function sheetName(workbook: ExcelJS.Workbook, name: string): string {
  const base = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28) || '街道';
  let candidate = base;
  for (let n = 2; workbook.getWorksheet(candidate); n++) candidate = `${base}(${n})`;
  return candidate;
}

function header(sheet: ExcelJS.Worksheet, titles: string[], widths: number[]): void {
  const row = sheet.addRow(titles);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  widths.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
  sheet.views = [{ state: 'frozen', ySplit: sheet.rowCount }];
}

/** R5.2: the payment report for `month`: 汇总 first, then a sheet per street, then 变动. */
export async function paymentWorkbook(month: LocalDate, streets: readonly StreetMonth[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '关爱通';
  const summary = workbook.addWorksheet('汇总');
  summary.addRow([`${monthText(month)}困境儿童基本生活补贴发放汇总`]).font = { bold: true, size: 14 };
  header(
    summary,
    ['街道', '人数', '金额（元）', '发放日期', '是否逾期', '新增', '减少', '金额变化', '登记人'],
    [16, 8, 14, 12, 10, 8, 8, 10, 10],
  );
  for (const s of streets) {
    const row = summary.addRow([
      s.streetName,
      s.children.length,
      yuan(s.totalFen),
      s.batch?.paidOn ?? '未发放',
      s.batch ? (s.batch.late ? '逾期' : '按时') : '',
      s.changes.added,
      s.changes.left.length,
      s.changes.amountChanged,
      s.batch?.recordedBy ?? '',
    ]);
    row.getCell(3).numFmt = MONEY;
    if (s.batch?.late) row.getCell(5).fill = LATE_FILL;
  }
  const total = summary.addRow([
    '合计',
    streets.reduce((n, s) => n + s.children.length, 0),
    yuan(totalFen(streets.map((s) => ({ fen: s.totalFen })))),
  ]);
  total.font = { bold: true };
  total.getCell(3).numFmt = MONEY;

  for (const s of streets) {
    const sheet = workbook.addWorksheet(sheetName(workbook, s.streetName));
    header(
      sheet,
      ['序号', '姓名', '身份证号', '社区', '类别', '金额（元）', '发放日期'],
      [6, 10, 22, 16, 26, 12, 12],
    );
    s.children.forEach((c, i) => {
      const row = sheet.addRow([
        i + 1,
        c.name,
        maskIdNumber(c.idNumber),
        c.community,
        `${c.category} ${CATEGORY_LABELS[c.category]}`,
        yuan(c.fen),
        c.paidOn ?? '',
      ]);
      row.getCell(6).numFmt = MONEY;
    });
    const sum = sheet.addRow(['合计', `${s.children.length}人`, '', '', '', yuan(s.totalFen), '']);
    sum.font = { bold: true };
    sum.getCell(6).numFmt = MONEY;
  }

  const changes = workbook.addWorksheet('变动');
  header(
    changes,
    ['街道', '姓名', '身份证号', '变动', '上月金额（元）', '本月金额（元）', '原因'],
    [16, 10, 22, 8, 14, 14, 22],
  );
  for (const s of streets) {
    const byId = new Map(s.children.map((c) => [c.id, c]));
    const leftById = new Map(s.changes.left.map((c) => [c.id, c]));
    for (const change of s.changes.changes) {
      if (change.kind === 'new') {
        const c = byId.get(change.childId)!;
        changes.addRow([s.streetName, c.name, maskIdNumber(c.idNumber), '新增', '', yuan(change.fen), '']);
      } else if (change.kind === 'amount') {
        const c = byId.get(change.childId)!;
        changes.addRow([
          s.streetName,
          c.name,
          maskIdNumber(c.idNumber),
          '金额变化',
          yuan(change.fromFen),
          yuan(change.toFen),
          '类别或补贴标准变化',
        ]);
      } else {
        const c = leftById.get(change.childId)!;
        changes.addRow([
          s.streetName,
          c.name,
          maskIdNumber(c.idNumber),
          '减少',
          yuan(change.fen),
          '',
          `${EXCLUSION_LABELS[c.reason]}（R5.4）`,
        ]);
      }
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** R5.3: the next quarter's forecast per street, and who stops being paid during it. */
export async function forecastWorkbook(streets: readonly StreetForecast[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '关爱通';
  const first = streets[0];
  const months = first?.quarter.months ?? [];
  const sheet = workbook.addWorksheet('预测汇总');
  const label = first ? `${first.quarter.year}年第${first.quarter.q}季度` : '';
  sheet.addRow([`${label}困境儿童基本生活补贴人数和资金预测`]).font = { bold: true, size: 14 };
  header(
    sheet,
    [
      '街道',
      ...months.flatMap((m) => [`${monthText(m)}人数`, `${monthText(m)}金额（元）`]),
      '季度人数',
      '季度资金（元）',
    ],
    [16, ...months.flatMap(() => [12, 16]), 10, 16],
  );
  for (const s of streets) {
    const row = sheet.addRow([
      s.streetName,
      ...s.months.flatMap((m) => [m.children, yuan(m.fen)]),
      s.distinctChildren,
      yuan(s.totalFen),
    ]);
    row.eachCell((cell, col) => {
      if (col > 1 && (col - 2) % 2 === 1) cell.numFmt = MONEY;
    });
  }
  const total = sheet.addRow([
    '合计',
    ...months.flatMap((_, i) => [
      streets.reduce((n, s) => n + s.months[i]!.children, 0),
      yuan(streets.reduce((n, s) => n + s.months[i]!.fen, 0)),
    ]),
    streets.reduce((n, s) => n + s.distinctChildren, 0),
    yuan(streets.reduce((n, s) => n + s.totalFen, 0)),
  ]);
  total.font = { bold: true };
  total.eachCell((cell, col) => {
    if (col > 1 && (col - 2) % 2 === 1) cell.numFmt = MONEY;
  });

  const stopping = workbook.addWorksheet('季度内停发');
  header(stopping, ['街道', '姓名', '身份证号', '最后发放月', '原因'], [16, 10, 22, 12, 22]);
  for (const s of streets) {
    for (const c of s.stopping) {
      stopping.addRow([
        s.streetName,
        c.name,
        maskIdNumber(c.idNumber),
        monthText(c.lastMonth),
        EXCLUSION_LABELS[c.reason],
      ]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
