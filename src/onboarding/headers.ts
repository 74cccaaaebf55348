// The roster's columns: the Chinese header each one is known by, the other ways streets write
// it, and tolerant matching (full-width characters, spaces, 必填 marks, synonyms).

export type ColumnKey =
  | 'name'
  | 'idNumber'
  | 'sex'
  | 'birthDate'
  | 'street'
  | 'community'
  | 'category'
  | 'tier'
  | 'assessedOn'
  | 'director'
  | 'guardian'
  | 'phone'
  | 'address'
  | 'note';

export interface ColumnSpec {
  key: ColumnKey;
  /** the header as the export writes it */
  header: string;
  synonyms: string[];
  required: boolean;
}

export const COLUMNS: readonly ColumnSpec[] = [
  { key: 'name', header: '姓名', synonyms: ['儿童姓名', '名字'], required: true },
  {
    key: 'idNumber',
    header: '身份证号',
    synonyms: ['身份证号码', '身份证', '公民身份号码', '证件号码', '证件号'],
    required: true,
  },
  { key: 'sex', header: '性别', synonyms: [], required: false },
  { key: 'birthDate', header: '出生日期', synonyms: ['出生年月日', '出生年月', '生日'], required: false },
  {
    key: 'street',
    header: '街道',
    synonyms: ['所属街道', '街道(镇)', '镇(街道)', '镇街', '乡镇'],
    required: true,
  },
  { key: 'community', header: '社区', synonyms: ['所属社区', '社区(村)', '村(社区)', '村'], required: true },
  {
    key: 'category',
    header: '类别',
    synonyms: ['困境类别', '儿童类别', '困境类型', '类型', '困境儿童类别'],
    required: true,
  },
  {
    key: 'tier',
    header: '风险等级',
    synonyms: ['等级', '风险', '保护等级', '分级', '风险分级'],
    required: false,
  },
  { key: 'assessedOn', header: '评估日期', synonyms: ['评估时间', '最近评估日期'], required: false },
  {
    key: 'director',
    header: '儿童主任',
    synonyms: ['儿童主任userid', '儿童主任姓名', '主任', '负责儿童主任'],
    required: true,
  },
  { key: 'guardian', header: '监护人', synonyms: ['监护人姓名', '主要监护人'], required: false },
  {
    key: 'phone',
    header: '联系电话',
    synonyms: ['电话', '监护人电话', '联系方式', '手机', '手机号', '手机号码'],
    required: false,
  },
  {
    key: 'address',
    header: '家庭住址',
    synonyms: ['住址', '地址', '家庭地址', '现住址', '居住地址'],
    required: false,
  },
  { key: 'note', header: '备注', synonyms: ['说明', '其他'], required: false },
];

export const COLUMN_BY_KEY = Object.fromEntries(COLUMNS.map((c) => [c.key, c])) as Record<
  ColumnKey,
  ColumnSpec
>;

/**
 * Columns the export adds after the roster's own, summarising each child's file (一人一档).
 * The import recognises and ignores them, so an exported file imports unchanged.
 */
export const SUMMARY_HEADERS = ['保护等级', '复评日', '最近走访', '走访次数', '个案服务次数'] as const;

/** Full-width to half-width, no spaces, no 必填 marks or asterisks, upper case latin. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[*＊]/g, '')
    .replace(/\((必填|选填|可选|必填项)\)$/, '')
    .toLowerCase();
}

const LOOKUP = new Map<string, ColumnKey>();
for (const column of COLUMNS) {
  for (const word of [column.header, ...column.synonyms]) LOOKUP.set(normalizeHeader(word), column.key);
}
const SUMMARY = new Set(SUMMARY_HEADERS.map(normalizeHeader));

export interface HeaderMatch {
  /** column index (0-based) of each recognised column */
  index: Partial<Record<ColumnKey, number>>;
  /** required columns the header row lacks */
  missing: ColumnKey[];
  /** headers that mean nothing to the import (kept in the file, ignored) */
  ignored: string[];
  /** a column named twice: the header text of the second */
  repeated: string[];
}

export function matchHeaders(cells: readonly string[]): HeaderMatch {
  const index: Partial<Record<ColumnKey, number>> = {};
  const ignored: string[] = [];
  const repeated: string[] = [];
  cells.forEach((cell, i) => {
    const text = normalizeHeader(cell);
    if (!text || SUMMARY.has(text) || text === '序号' || text === '编号') return;
    const key = LOOKUP.get(text);
    if (!key) ignored.push(cell.trim());
    else if (index[key] !== undefined) repeated.push(cell.trim());
    else index[key] = i;
  });
  const missing = COLUMNS.filter((c) => c.required && index[c.key] === undefined).map((c) => c.key);
  return { index, missing, ignored, repeated };
}

/** How many cells of a row are known headers: finds the header row below a title line. */
export function headerScore(cells: readonly string[]): number {
  return cells.filter((c) => LOOKUP.has(normalizeHeader(c))).length;
}
