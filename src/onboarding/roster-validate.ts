// Checking every roster row before anything is written: the ID number and birth date (R1),
// under 18 (R1.0), a known street, community and director, known categories, a tier (R2).
// Each problem names the row, the column, the value, what is wrong and how to fix it.
import type { Db } from '../db/client.js';
import {
  type CategoryCode,
  ID_NUMBER_PROBLEM_LABELS,
  isUnder18,
  LEAVE_REASON_LABELS,
  type Level,
  type LocalDate,
  parseIdNumber,
  type Sex,
} from '../policy/index.js';
import { readCategoryCell, readDate, readGuardian, readPhone, readSex, readTier } from './cell-words.js';
import { COLUMN_BY_KEY, COLUMNS, type ColumnKey, matchHeaders } from './headers.js';
import { asText, type CellValue, type RosterSheet } from './roster-read.js';

export interface RosterProblem {
  /** spreadsheet row number; the header row for a missing column */
  row: number;
  column: ColumnKey | null;
  /** the column's header as written in the file (or the standard one) */
  header: string;
  /** 0-based column index in the file, when the problem sits in a cell */
  col?: number;
  value: string;
  problem: string;
  fix: string;
}

export interface RosterRow {
  row: number;
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: LocalDate;
  streetId: number;
  communityId: number;
  directorId: number;
  categories: CategoryCode[];
  tier: Level | null;
  assessedOn: LocalDate | null;
  guardian: { relation: string; name: string } | null;
  phone: string;
  address: string;
  note: string;
}

export interface Reference {
  streets: { id: number; name: string }[];
  communities: { id: number; streetId: number; name: string }[];
  staff: {
    id: number;
    userid: string;
    name: string;
    role: string;
    active: boolean;
    streetId: number | null;
  }[];
  /** children already on file whose ID number is in the roster */
  left: Map<string, { name: string; leftOn: LocalDate | null; leftReason: string | null }>;
}

/** Streets, communities and staff, plus the roster's ID numbers that belong to children who left. */
export async function loadReference(db: Db, idNumbers: string[]): Promise<Reference> {
  const [streets, communities, staff, left] = await Promise.all([
    db.street.findMany({ select: { id: true, name: true } }),
    db.community.findMany({ select: { id: true, streetId: true, name: true } }),
    db.staff.findMany({
      select: { id: true, userid: true, name: true, role: true, active: true, streetId: true },
    }),
    db.child.findMany({
      where: { idNumber: { in: idNumbers }, registerStatus: 'left' },
      select: { idNumber: true, name: true, leftOn: true, leftReason: true },
    }),
  ]);
  return {
    streets,
    communities,
    staff,
    left: new Map(
      left.map((c) => [
        c.idNumber,
        { name: c.name, leftOn: c.leftOn?.toISOString().slice(0, 10) ?? null, leftReason: c.leftReason },
      ]),
    ),
  };
}

export interface ValidationResult {
  rows: RosterRow[];
  problems: RosterProblem[];
  ignoredHeaders: string[];
}

/** The ID numbers in the roster, as they will be matched against the database. */
export function rosterIdNumbers(sheet: RosterSheet): string[] {
  const at = matchHeaders(sheet.header.cells.map(asText)).index.idNumber;
  if (at === undefined) return [];
  return sheet.rows.map((r) => asText(r.cells[at]).normalize('NFKC').toUpperCase()).filter(Boolean);
}

const bare = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

function findPlace<T extends { name: string }>(places: T[], text: string, suffixes: RegExp): T | undefined {
  const wanted = bare(text);
  const stem = wanted.replace(suffixes, '');
  return (
    places.find((p) => p.name === wanted) ?? places.find((p) => bare(p.name).replace(suffixes, '') === stem)
  );
}

/** Validates every row; the import goes ahead only when `problems` is empty. */
export function validateRoster(
  sheet: RosterSheet,
  ref: Reference,
  today: LocalDate,
  onProgress?: (done: number) => void,
): ValidationResult {
  const headers = sheet.header.cells.map(asText);
  const match = matchHeaders(headers);
  const problems: RosterProblem[] = [];
  for (const key of match.missing) {
    const spec = COLUMN_BY_KEY[key];
    problems.push({
      row: sheet.header.number,
      column: key,
      header: spec.header,
      value: '',
      problem: '表头中缺少这一列',
      fix: `请加一列“${spec.header}”${spec.synonyms.length ? `（也可写作：${spec.synonyms.slice(0, 3).join('、')}）` : ''}`,
    });
  }
  for (const text of match.repeated) {
    problems.push({
      row: sheet.header.number,
      column: null,
      header: text,
      value: text,
      problem: '这一列与前面的列重复',
      fix: '请删除重复的列，只保留一列',
    });
  }
  if (problems.length > 0) return { rows: [], problems, ignoredHeaders: match.ignored };

  const checker = createRowChecker(ref, today, match.index, headers);
  const rows: RosterRow[] = [];
  sheet.rows.forEach((sheetRow, i) => {
    const checked = checker(sheetRow.number, sheetRow.cells);
    if ('problems' in checked) problems.push(...checked.problems);
    else rows.push(checked.row);
    if (onProgress && (i + 1) % 500 === 0) onProgress(i + 1);
  });
  onProgress?.(sheet.rows.length);
  return { rows, problems, ignoredHeaders: match.ignored };
}

type Checked = { row: RosterRow } | { problems: RosterProblem[] };

function createRowChecker(
  ref: Reference,
  today: LocalDate,
  index: Partial<Record<ColumnKey, number>>,
  headers: string[],
) {
  const at = (row: number, key: ColumnKey, cells: CellValue[]) => {
    const col = index[key];
    const value = col === undefined ? '' : asText(cells[col]);
    return {
      row,
      column: key,
      header: col === undefined ? COLUMN_BY_KEY[key].header : headers[col]!,
      col,
      value,
    };
  };

  const seen = new Map<string, number>();
  const check = (row: number, cells: CellValue[]): Checked => {
    const problems: RosterProblem[] = [];
    const raw = (key: ColumnKey): CellValue => {
      const col = index[key];
      return col === undefined ? null : (cells[col] ?? null);
    };
    const text = (key: ColumnKey) => asText(raw(key)).normalize('NFKC').trim();
    const fail = (key: ColumnKey, problem: string, fix: string) =>
      problems.push({ ...at(row, key, cells), problem, fix });

    for (const column of COLUMNS) {
      if (column.required && !text(column.key)) fail(column.key, '必填项为空', `请填写${column.header}`);
    }

    const name = text('name').replace(/\s+/g, '');
    const idCell = raw('idNumber');
    let id: ReturnType<typeof parseIdNumber> | undefined;
    if (typeof idCell === 'number' && idCell > 1e15) {
      fail(
        'idNumber',
        'Excel 把身份证号存成了数字，后几位已经丢失',
        '请把这一列设为“文本”格式，再重新填写完整的18位身份证号',
      );
    } else if (text('idNumber')) {
      id = parseIdNumber(text('idNumber'), today);
      if (!id.ok)
        fail(
          'idNumber',
          ID_NUMBER_PROBLEM_LABELS[id.problem].replace(/，请核对$/, ''),
          '请对照户口本或身份证核对这18位号码',
        );
    }
    const idOk = id?.ok ? id : undefined;
    const first = idOk && seen.get(idOk.idNumber);
    if (idOk && first) {
      fail('idNumber', `与第${first}行的身份证号重复`, '同一名儿童只保留一行；如是不同儿童，请核对身份证号');
    } else if (idOk) seen.set(idOk.idNumber, row);

    if (idOk) {
      const left = ref.left.get(idOk.idNumber);
      if (left) {
        const reason = left.leftReason
          ? LEAVE_REASON_LABELS[left.leftReason as keyof typeof LEAVE_REASON_LABELS]
          : '';
        fail(
          'idNumber',
          `${left.name}已于${left.leftOn ?? ''}退出名册${reason ? `（${reason}）` : ''}`,
          '如需重新纳入，请联系区民卫局处理；否则从表中删去这一行',
        );
      }
      if (!isUnder18(idOk.birthDate, today)) {
        fail(
          'idNumber',
          `已满18周岁（${idOk.birthDate}出生），不属于困境儿童（R1.0）`,
          '请从名册中删去这一行',
        );
      }
    }
    if (text('birthDate')) {
      const birth = readDate(raw('birthDate'));
      if (!birth.ok) fail('birthDate', birth.problem, birth.fix);
      else if (idOk && birth.value !== idOk.birthDate) {
        fail('birthDate', `与身份证号中的出生日期 ${idOk.birthDate} 不一致`, '请核对出生日期或身份证号');
      }
    }
    if (text('sex')) {
      const sex = readSex(raw('sex'));
      if (!sex.ok) fail('sex', sex.problem, sex.fix);
      else if (idOk && sex.value !== idOk.sex) {
        fail(
          'sex',
          `与身份证号（第17位）不一致：应为${idOk.sex === 'male' ? '男' : '女'}`,
          '请核对性别或身份证号',
        );
      }
    }

    const street = text('street') ? findPlace(ref.streets, text('street'), /(街道|镇|乡)$/) : undefined;
    if (text('street') && !street) {
      fail(
        'street',
        '系统中没有这个街道',
        '请核对街道名称，或先用 npm run staff -- add 登记该街道的工作人员',
      );
    }
    const community =
      street && text('community')
        ? findPlace(
            ref.communities.filter((c) => c.streetId === street.id),
            text('community'),
            /(社区|村|居委会|村委会)$/,
          )
        : undefined;
    if (street && text('community') && !community) {
      fail(
        'community',
        `${street.name}没有这个社区`,
        '请核对社区名称；新社区请先用 npm run staff -- add 登记其儿童主任',
      );
    }

    const director = text('director') ? findDirector(ref, text('director'), street?.id) : undefined;
    if (director && 'problem' in director) fail('director', director.problem, director.fix);

    let categories: CategoryCode[] = [];
    if (text('category')) {
      const read = readCategoryCell(raw('category'));
      if (read.ok) categories = read.value;
      else fail('category', read.problem, read.fix);
    }

    let tier: Level | null = null;
    if (text('tier')) {
      const read = readTier(raw('tier'));
      if (read.ok) tier = read.value;
      else fail('tier', read.problem, read.fix);
    }
    let assessedOn: LocalDate | null = null;
    if (text('assessedOn')) {
      const read = readDate(raw('assessedOn'));
      if (!read.ok) fail('assessedOn', read.problem, read.fix);
      else if (read.value > today) fail('assessedOn', '评估日期晚于今天', '请填写已经完成的评估的日期');
      else if (idOk && read.value < idOk.birthDate)
        fail('assessedOn', '评估日期早于出生日期', '请核对评估日期');
      else assessedOn = read.value;
      if (!text('tier'))
        fail('tier', '有评估日期但没有风险等级', '请填写该次评估定的风险等级，或清空评估日期');
    }

    let phone = '';
    if (text('phone')) {
      const read = readPhone(raw('phone'));
      if (read.ok) phone = read.value;
      else fail('phone', read.problem, read.fix);
    }

    if (problems.length > 0 || !idOk || !street || !community || !director || 'problem' in director) {
      return { problems };
    }
    return {
      row: {
        row,
        name,
        idNumber: idOk.idNumber,
        sex: idOk.sex,
        birthDate: idOk.birthDate,
        streetId: street.id,
        communityId: community.id,
        directorId: director.id,
        categories,
        tier,
        assessedOn,
        guardian: readGuardian(raw('guardian')),
        phone,
        address: text('address'),
        note: text('note'),
      },
    };
  };
  return check;
}

type DirectorFound = { id: number } | { problem: string; fix: string };

/** 儿童主任 by WeCom userid first, then by name (preferring the row's street). */
function findDirector(ref: Reference, text: string, streetId: number | undefined): DirectorFound {
  const byUserid =
    ref.staff.find((s) => s.userid === text) ??
    ref.staff.find((s) => s.userid.toLowerCase() === text.toLowerCase());
  let person = byUserid;
  if (!person) {
    const named = ref.staff.filter((s) => s.name === text && s.active);
    const local = named.filter((s) => s.streetId === streetId);
    const candidates = local.length > 0 ? local : named;
    if (candidates.length > 1) {
      return {
        problem: `有${candidates.length}名同名工作人员`,
        fix: `请改写企业微信账号：${candidates.map((s) => s.userid).join(' 或 ')}`,
      };
    }
    person = candidates[0] ?? ref.staff.find((s) => s.name === text);
  }
  if (!person) {
    return {
      problem: '系统中没有这名儿童主任',
      fix: '请写儿童主任的企业微信账号或姓名；新人请先用 npm run staff -- add 登记',
    };
  }
  if (!person.active) {
    return { problem: `${person.name}（${person.userid}）已停用`, fix: '请改写现任儿童主任' };
  }
  if (person.role !== 'director') {
    return { problem: `${person.name}（${person.userid}）不是儿童主任`, fix: '请写负责该儿童的儿童主任' };
  }
  if (streetId !== undefined && person.streetId !== null && person.streetId !== streetId) {
    const street = ref.streets.find((s) => s.id === person.streetId)?.name ?? '其他街道';
    return { problem: `${person.name}是${street}的儿童主任`, fix: '请核对街道，或改写本街道的儿童主任' };
  }
  return { id: person.id };
}
