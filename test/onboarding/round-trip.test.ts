import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { exportRoster } from '../../src/onboarding/roster-export.js';
import { importRoster } from '../../src/onboarding/roster-import.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildPlaces, child, idFor, TODAY, tempDir, writeGbkCsv } from './roster-fixtures.js';

let db: Db;
let dir: string;

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  await buildPlaces(db);
  dir = await tempDir();
});

async function sheetValues(file: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('import → export → import', () => {
  it('should give back a file that imports with no changes and exports the same again', async () => {
    const csv = await writeGbkCsv(path.join(dir, 'start.csv'), [
      child(),
      child({
        姓名: '李小红',
        身份证号: idFor('2016-05-02', '222'),
        性别: '女',
        出生日期: '',
        类别: '低保；重病',
        风险等级: '红色',
        评估日期: '2026-11-20',
        监护人: '王芳(姑妈)',
        备注: '母亲服刑至2028年',
      }),
      child({
        姓名: '王小军',
        身份证号: idFor('2014-01-20', '333'),
        出生日期: '',
        社区: '钮家巷',
        儿童主任: '陆海燕',
        风险等级: '',
        评估日期: '',
        监护人: '',
        联系电话: '',
      }),
    ]);
    expect((await importRoster(db, csv, { today: TODAY, actorId: null })).status).toBe('imported');
    const first = path.join(dir, 'export-1.xlsx');
    expect(await exportRoster(db, first)).toBe(3);
    const changesBefore = await db.auditEntry.count({
      where: { action: { in: ['child.create', 'child.update'] } },
    });

    const again = await importRoster(db, first, { today: TODAY, actorId: null });

    expect(again.lines).toEqual([
      '读取 export-1.xlsx：3 行。',
      '导入完成：新增 0 名，更新 0 名，未变 3 名。',
    ]);
    expect(await db.auditEntry.count({ where: { action: { in: ['child.create', 'child.update'] } } })).toBe(
      changesBefore,
    );
    const second = path.join(dir, 'export-2.xlsx');
    await exportRoster(db, second);
    expect(await sheetValues(second)).toEqual(await sheetValues(first));
    const rows = await sheetValues(first);
    expect(rows[0]).toEqual([
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
      '保护等级',
      '复评日',
      '最近走访',
      '走访次数',
      '个案服务次数',
    ]);
    expect(rows.find((r) => r[0] === '李小红')).toEqual([
      '李小红',
      idFor('2016-05-02', '222'),
      '女',
      '2016-05-02',
      '平江街道',
      '平江路社区',
      'C4b、C5a',
      '1（红色）',
      '2026-11-20',
      'zr_a',
      '姑妈 王芳',
      '13812345678',
      '平江路1号',
      '母亲服刑至2028年',
      '一级保护',
      '2027-02-20',
      '',
      '0',
      '0',
    ]);
  });
});
