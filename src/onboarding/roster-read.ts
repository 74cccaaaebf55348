// Reading a roster file into rows of cells: .xlsx through exceljs, .csv in UTF-8 or GBK
// (Excel in China saves CSV as GBK). Row numbers are the ones the spreadsheet shows.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { headerScore } from './headers.js';

export type CellValue = string | number | Date | boolean | null;

export interface SheetRow {
  /** the row number as the spreadsheet shows it (1-based) */
  number: number;
  cells: CellValue[];
}

export interface RosterSheet {
  format: 'xlsx' | 'csv';
  /** for CSV: the encoding it was read in */
  encoding?: 'utf-8' | 'gbk';
  header: SheetRow;
  rows: SheetRow[];
}

export class RosterFileError extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
    this.name = 'RosterFileError';
  }
}

/** Reads an .xlsx or .csv roster from disk; the header row may sit below a title line. */
export async function readRosterFile(file: string): Promise<RosterSheet> {
  const ext = path.extname(file).toLowerCase();
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    throw new RosterFileError(`读不到文件 ${file}，请检查路径。`);
  }
  if (ext === '.xlsx') return readXlsx(data);
  if (ext === '.csv') return readCsv(data);
  throw new RosterFileError(
    `只能导入 .xlsx 或 .csv 文件（${path.basename(file)}）。旧版 .xls 请在 Excel 中另存为 .xlsx。`,
  );
}

export async function readXlsx(data: Buffer): Promise<RosterSheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new RosterFileError('文件不是有效的 .xlsx 表格，请在 Excel 中另存为 .xlsx 后再导入。');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new RosterFileError('表格里没有工作表。');
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellValue(cell.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= null;
    rows.push({ number, cells });
  });
  return { format: 'xlsx', ...splitHeader(rows) };
}

function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  return String(value);
}

export function readCsv(data: Buffer): RosterSheet {
  const { text, encoding } = decodeCsv(data);
  const records = parse(text, {
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const rows = records
    .filter((r) => r.record.some((c) => c.trim() !== ''))
    .map((r) => ({ number: r.info.lines, cells: r.record as CellValue[] }));
  return { format: 'csv', encoding, ...splitHeader(rows) };
}

/** UTF-8 when the bytes are valid UTF-8 (with or without BOM), otherwise GBK (GB18030). */
export function decodeCsv(data: Buffer): { text: string; encoding: 'utf-8' | 'gbk' } {
  const body = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(data, 'gb18030'), encoding: 'gbk' };
  }
}

function splitHeader(rows: SheetRow[]): { header: SheetRow; rows: SheetRow[] } {
  // A title line such as “平江街道困境儿童名册” may come first: the header is the first row of
  // the top five that names at least three known columns.
  const at = rows.slice(0, 5).findIndex((r) => headerScore(r.cells.map(asText)) >= 3);
  if (at === -1) {
    throw new RosterFileError(
      '找不到表头行：前五行中没有一行含“姓名”“身份证号”“街道”“社区”等列名。请把列名放在第一行。',
    );
  }
  return { header: rows[at]!, rows: rows.slice(at + 1) };
}

/** A cell as text, without surrounding spaces (dates of xlsx cells as YYYY-MM-DD). */
export function asText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}
