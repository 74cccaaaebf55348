// Rosters built in the tests: rows as a street officer types them, written as .xlsx or as a
// GBK-encoded .csv (as Excel in China saves it), in a temporary folder of the test file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { idCheckCharacter } from '../../src/policy/index.js';

export const TODAY = '2026-12-03';

export const HEADERS = [
  '姓名',
  '身份证号',
  '性别',
  '出生日期',
  '街道',
  '社区',
  '类别',
  '风险等级',
  '评估日期',
  '儿童主任',
  '监护人',
  '联系电话',
  '家庭住址',
  '备注',
];

export type Row = Record<string, string | number | Date>;

/** A valid ID number for a birth date and a 3-digit sequence (odd: boy, even: girl). */
export function idFor(birth: string, seq: string): string {
  const body = `320508${birth.replace(/-/g, '')}${seq}`;
  return body + idCheckCharacter(body);
}

export function child(overrides: Row = {}): Row {
  return {
    姓名: '张小明',
    身份证号: idFor('2015-03-08', '123'),
    性别: '男',
    出生日期: '2015-03-08',
    街道: '平江街道',
    社区: '平江路社区',
    类别: 'C2b',
    风险等级: '2',
    评估日期: '2026-10-01',
    儿童主任: 'zr_a',
    监护人: '祖母 王秀英',
    联系电话: '13812345678',
    家庭住址: '平江路1号',
    备注: '',
    ...overrides,
  };
}

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gat-roster-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function writeXlsx(file: string, rows: Row[], headers = HEADERS): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名册');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? ''));
  await workbook.xlsx.writeFile(file);
  return file;
}

export async function writeGbkCsv(file: string, rows: Row[], headers = HEADERS): Promise<string> {
  const quote = (v: unknown) => {
    const s = String(v ?? '');
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = [headers, ...rows.map((r) => headers.map((h) => r[h] ?? ''))]
    .map((l) => l.map(quote).join(','))
    .join('\r\n');
  await writeFile(file, iconv.encode(`${text}\r\n`, 'gbk'));
  return file;
}

export interface Place {
  streets: Record<'p' | 'c', number>;
  staff: Record<'zrA' | 'zrB' | 'zrC' | 'ddP' | 'gone', number>;
}

/**
 * 平江街道 (平江路社区 with director zr_a 蒋玉兰, 钮家巷社区 with zr_b 陆海燕, supervisor dd_p)
 * and 沧浪街道 (南门社区, zr_c 钱志明); zr_gone is a deactivated director.
 */
export async function buildPlaces(db: Db): Promise<Place> {
  const district = await db.district.create({ data: { name: '姑苏区' } });
  const p = await db.street.create({ data: { districtId: district.id, name: '平江街道' } });
  const c = await db.street.create({ data: { districtId: district.id, name: '沧浪街道' } });
  const pjl = await db.community.create({ data: { streetId: p.id, name: '平江路社区' } });
  const njx = await db.community.create({ data: { streetId: p.id, name: '钮家巷社区' } });
  const nm = await db.community.create({ data: { streetId: c.id, name: '南门社区' } });
  const person = async (
    userid: string,
    name: string,
    role: 'director' | 'supervisor',
    streetId: number,
    communityId?: number,
    active = true,
  ) => (await db.staff.create({ data: { userid, name, role, streetId, communityId, active } })).id;
  return {
    streets: { p: p.id, c: c.id },
    staff: {
      zrA: await person('zr_a', '蒋玉兰', 'director', p.id, pjl.id),
      zrB: await person('zr_b', '陆海燕', 'director', p.id, njx.id),
      zrC: await person('zr_c', '钱志明', 'director', c.id, nm.id),
      ddP: await person('dd_p', '杨凤英', 'supervisor', p.id),
      gone: await person('zr_gone', '离职者', 'director', p.id, pjl.id, false),
    },
  };
}
