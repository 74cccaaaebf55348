// Reading single roster cells the way streets fill them in: dates in any of the usual forms,
// tiers as numbers, colours or 二级, categories as codes, labels or everyday words, and the
// guardian as 祖母 王秀英 or 王秀英（祖母）.
import { categoryWord } from '../casework/category-words.js';
import {
  CATEGORY_CODES,
  CATEGORY_LABELS,
  type CategoryCode,
  categoryForPair,
  isLocalDate,
  type Level,
  type LocalDate,
  type ParentClass,
  type Sex,
} from '../policy/index.js';
import type { CellValue } from './roster-read.js';

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string; fix: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(problem: string, fix: string): Read<T> => ({ ok: false, problem, fix });

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A date cell: an xlsx date, an Excel serial number, 2015-03-08, 2015/3/8, 2015年3月8日, 20150308. */
export function readDate(value: CellValue): Read<LocalDate> {
  const fix = '请写成 2015-03-08 这样的日期';
  if (value instanceof Date) return ok(value.toISOString().slice(0, 10));
  if (typeof value === 'number') {
    if (value > 1 && value < 80_000) {
      return ok(new Date(EXCEL_EPOCH + Math.round(value) * 86_400_000).toISOString().slice(0, 10));
    }
    return bad('不是日期', fix);
  }
  const text = String(value ?? '')
    .normalize('NFKC')
    .trim();
  const match =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return bad('看不懂这个日期', fix);
  const day = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isLocalDate(day) ? ok(day) : bad('不是真实存在的日期', fix);
}

const TIER_WORDS: [RegExp, Level][] = [
  [/红/, 1],
  [/黄/, 2],
  [/蓝/, 3],
  [/绿/, 4],
  [/中高风险/, 2],
  [/中低风险/, 3],
  [/(^|[^中])高风险/, 1],
  [/(^|[^中])低风险/, 4],
  [/一级/, 1],
  [/二级/, 2],
  [/三级/, 3],
  [/四级/, 4],
];

/** A tier (R2): 2, 2级, 二级, 黄色, 中高风险, or 2（黄色）; all the words in a cell must agree. */
export function readTier(value: CellValue): Read<Level> {
  const text = String(value ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, '');
  const found = new Set<Level>();
  for (const digit of text.match(/[1-4]/g) ?? []) found.add(Number(digit) as Level);
  for (const [pattern, level] of TIER_WORDS) if (pattern.test(text)) found.add(level);
  const fix = '请写 1–4，或 红色/黄色/蓝色/绿色，或 一级/二级/三级/四级';
  if (/[05-9]/.test(text)) return bad('风险等级只有 1–4 级', fix);
  if (found.size === 0) return bad('看不懂这个风险等级', fix);
  if (found.size > 1) return bad('格内的等级前后不一致', fix);
  return ok([...found][0]!);
}

export function readSex(value: CellValue): Read<Sex> {
  const text = String(value ?? '').trim();
  if (/^(男|男性|m|male)$/i.test(text)) return ok('male');
  if (/^(女|女性|f|female)$/i.test(text)) return ok('female');
  return bad('看不懂这个性别', '请写“男”或“女”');
}

const RELATIONS =
  /^(父亲|母亲|爸爸|妈妈|祖父|祖母|爷爷|奶奶|外祖父|外祖母|外公|外婆|伯父|伯母|叔叔|婶婶|姑妈|姑姑|姑父|舅舅|舅妈|姨妈|姨父|哥哥|姐姐|兄|姐|继父|继母|养父|养母|其他亲属|亲属|福利机构|村委会|居委会)$/;

/** 祖母 王秀英 / 祖母：王秀英 / 王秀英（祖母） / 王秀英. */
export function readGuardian(value: CellValue): { relation: string; name: string } | null {
  const text = String(value ?? '')
    .normalize('NFKC')
    .trim();
  if (!text) return null;
  const bracket = /^(.+?)\s*\((.+)\)$/.exec(text);
  if (bracket) return { name: bracket[1]!.trim(), relation: bracket[2]!.trim() };
  const parts = text.split(/[\s:：]+/).filter(Boolean);
  if (parts.length === 2 && RELATIONS.test(parts[0]!)) return { relation: parts[0]!, name: parts[1]! };
  if (parts.length === 2 && RELATIONS.test(parts[1]!)) return { relation: parts[1]!, name: parts[0]! };
  return { relation: '', name: text };
}

/** The guardian as the export writes it, which readGuardian reads back the same. */
export function formatGuardian(guardian: { relation: string; name: string } | null | undefined): string {
  if (!guardian) return '';
  return guardian.relation ? `${guardian.relation} ${guardian.name}` : guardian.name;
}

/** Phone numbers keep their digits: mobile 1xxxxxxxxxx, 0-area-code landlines, 7–8 digit local numbers. */
export function readPhone(value: CellValue): Read<string> {
  const text = String(value ?? '')
    .normalize('NFKC')
    .replace(/[\s\-()]/g, '');
  if (/^(1\d{10}|0\d{9,11}|\d{7,8})$/.test(text)) return ok(text);
  return bad('电话号码位数不对', '请写11位手机号，或带区号的固定电话，如 0512-65201234');
}

const PARENT_CLASS_WORDS: [RegExp, ParentClass][] = [
  [/死亡|去世|病故|亡故/, 'dead'],
  [/失踪/, 'missing'],
  [/服刑|在押|戒毒|强制隔离/, 'custody'],
  [/弃养|失联/, 'abandoned'],
  [/重残|重病|残疾/, 'incapable'],
];

function parentClass(text: string): ParentClass | undefined {
  return PARENT_CLASS_WORDS.find(([pattern]) => pattern.test(text))?.[1];
}

/** 父母一方死亡另一方服刑 → C2b, 父母双方重残 → C3a: the notice's pair rules (R1.3). */
function readParentPhrase(text: string): CategoryCode | undefined {
  const both = /(父母)?(双方|均|都)(.+)/.exec(text);
  if (both) {
    const c = parentClass(both[3]!);
    return c ? categoryForPair(c, c) : undefined;
  }
  const pair = /一方(.+?)[,，、]?另一方(.+)/.exec(text) ?? /父亲?(.+?)[,，、]?母亲?(.+)/.exec(text);
  if (!pair) return undefined;
  const a = parentClass(pair[1]!);
  const b = parentClass(pair[2]!);
  return a && b ? categoryForPair(a, b) : undefined;
}

const GROUPS =
  /^(孤儿|父母监护缺失|父母无力履行监护职责|重残、?重病及流浪儿童|其他需要帮助的儿童)(的?儿童)?$/;

/**
 * The 类别 cell: codes (C2b), the notice's labels, parent phrases (父母一方死亡另一方服刑) and
 * everyday words (低保, 重病), several separated by 、 or ；.
 */
export function readCategoryCell(value: CellValue): Read<CategoryCode[]> {
  let text = String(value ?? '').trim();
  for (const code of CATEGORY_CODES) {
    for (const label of [CATEGORY_LABELS[code], CATEGORY_LABELS[code].normalize('NFKC')]) {
      text = text.split(label).join(code);
    }
  }
  text = text.normalize('NFKC');
  const fix = '请写类别编号（如 C2b、C5a，多个用“、”分开），或政策原文中的类别名称';
  const codes = new Set<CategoryCode>();
  for (const part of splitCategories(text)) {
    const code = /^[Cc]([1-6])([a-eA-E])$/.exec(part);
    if (code) {
      const found = `C${code[1]}${code[2]!.toLowerCase()}`;
      if (!(CATEGORY_CODES as readonly string[]).includes(found)) return bad(`没有类别 ${found}`, fix);
      codes.add(found as CategoryCode);
      continue;
    }
    if (GROUPS.test(part)) return bad(`“${part}”是大类，需写明具体情形`, `${fix}；如孤儿写 C1a、C1b 或 C1c`);
    const found = readParentPhrase(part) ?? categoryWord(part);
    if (!found) return bad(`看不懂类别“${part}”`, fix);
    codes.add(found);
  }
  if (codes.size === 0) return bad('类别为空', fix);
  return ok([...codes].sort());
}

/** Split on 、 ； / spaces and commas, but keep 父母一方死亡，另一方服刑 in one piece. */
function splitCategories(text: string): string[] {
  return text
    .split(/[、;；/\n]+|\s+/)
    .filter(Boolean)
    .flatMap((part) => (part.includes(',') && !readParentPhrase(part) ? part.split(',') : [part]))
    .filter(Boolean);
}
