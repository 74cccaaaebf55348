import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importRoster } from '../../src/onboarding/roster-import.js';
import { createTestDatabase } from '../helpers/db.js';
import {
  buildPlaces,
  child,
  idFor,
  type Place,
  type Row,
  TODAY,
  tempDir,
  writeXlsx,
} from './roster-fixtures.js';

let db: Db;
let places: Place;
let dir: string;

const MING = idFor('2015-03-08', '123');
const HONG = idFor('2016-05-02', '222');
const JUN = idFor('2014-01-20', '333');
const LI = idFor('2013-11-11', '444');
const NEW = idFor('2018-08-08', '555');

const november: Row[] = [
  child(),
  child({ 姓名: '李小红', 身份证号: HONG, 性别: '女', 出生日期: '', 风险等级: '1', 评估日期: '2026-11-20' }),
  child({ 姓名: '王小军', 身份证号: JUN, 出生日期: '', 风险等级: '3', 评估日期: '2026-05-01', 类别: 'C5a' }),
  child({ 姓名: '刘小丽', 身份证号: LI, 性别: '女', 出生日期: '', 社区: '钮家巷社区', 儿童主任: 'zr_b' }),
];

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  places = await buildPlaces(db);
  dir = await tempDir();
  const first = await importRoster(db, await writeXlsx(path.join(dir, '11月.xlsx'), november), {
    today: '2026-11-25',
    actorId: null,
  });
  if (first.status !== 'imported') throw new Error(first.lines.join('\n'));
});

describe('monthly re-import (R4.4)', () => {
  it('should add new children, list changes, refuse early tier decreases, and list leave candidates', async () => {
    const december = [
      // 张小明 moves to 钮家巷 with a new director and gains 低保
      child({ 社区: '钮家巷社区', 儿童主任: '陆海燕', 类别: 'C2b、低保' }),
      // 李小红: red since 20 Nov, green now is refused twice over (R3.3)
      child({
        姓名: '李小红',
        身份证号: HONG,
        性别: '女',
        出生日期: '',
        风险等级: '绿色',
        评估日期: '2026-12-01',
      }),
      // 王小军: blue since 1 May; yellow on 1 Dec is going up (R3.1)
      child({
        姓名: '王小军',
        身份证号: JUN,
        出生日期: '',
        风险等级: '黄色',
        评估日期: '2026-12-01',
        类别: 'C5a',
      }),
      // 刘小丽 is gone from the file; 陈小东 is new
      child({ 姓名: '陈小东', 身份证号: NEW, 出生日期: '', 风险等级: '', 评估日期: '' }),
    ];
    const file = await writeXlsx(path.join(dir, '12月.xlsx'), december);

    const result = await importRoster(db, file, { today: TODAY, actorId: places.staff.ddP });

    expect(result.status).toBe('imported');
    const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;
    expect(result.lines).toEqual([
      '读取 12月.xlsx：4 行。',
      '新增 1 名儿童：',
      `  第5行 陈小东（${masked(NEW)}） 类别 C2b，未评估`,
      '更新 2 名儿童：',
      `  第2行 张小明（${masked(MING)}）：社区 平江路社区 → 钮家巷社区；儿童主任 蒋玉兰 → 陆海燕；类别 C2b → C2b、C5a`,
      `  第4行 王小军（${masked(JUN)}）：风险等级 3（蓝色） → 2（黄色）（评估日期 2026-12-01）`,
      '1 处风险等级变更未采纳（其余内容照常导入）：',
      `  第3行 李小红（${masked(HONG)}）：风险等级 1（红色） → 4（绿色） 未采纳：一级保护不能一次降为四级（R3.3），请先降为二级或三级`,
      '系统中有、表中没有的儿童 1 名，可能需要退出名册（R4.4）。系统不会自动删除，请核实后用“退出”命令逐一办理：',
      `  刘小丽（${masked(LI)}） 平江街道 钮家巷社区，儿童主任 陆海燕`,
      '导入完成：新增 1 名，更新 2 名，未变 1 名。',
    ]);

    const ming = await db.child.findUniqueOrThrow({
      where: { idNumber: MING },
      include: { categories: true },
    });
    expect(ming.directorId).toBe(places.staff.zrB);
    expect(
      ming.categories
        .filter((c) => c.endedOn === null)
        .map((c) => c.code)
        .sort(),
    ).toEqual(['C2b', 'C5a']);
    const jun = await db.child.findUniqueOrThrow({
      where: { idNumber: JUN },
      include: { periods: { orderBy: { id: 'asc' } } },
    });
    expect(jun.periods.map((p) => [p.level, p.endedOn?.toISOString().slice(0, 10) ?? null])).toEqual([
      [3, '2026-12-01'],
      [2, null],
    ]);
    const hong = await db.child.findUniqueOrThrow({
      where: { idNumber: HONG },
      include: { assessments: true },
    });
    expect(hong.assessments.map((a) => a.tier)).toEqual([1]);
    const li = await db.child.findUniqueOrThrow({ where: { idNumber: LI } });
    expect(li.registerStatus).toBe('in_register');
    const updates = await db.auditEntry.findMany({ where: { action: 'child.update' } });
    expect(updates).toHaveLength(2);
    expect(updates.every((u) => u.actorId === places.staff.ddP && u.via === 'import')).toBe(true);
  });

  it('should refuse a decrease before the minimum period and name the earliest date (R3.2)', async () => {
    const rows = [
      child({ 姓名: '王小军', 身份证号: JUN, 出生日期: '', 风险等级: '蓝色', 评估日期: TODAY, 类别: 'C5a' }),
    ];

    const result = await importRoster(db, await writeXlsx(path.join(dir, 'down.xlsx'), rows), {
      today: TODAY,
      actorId: null,
      dryRun: true,
    });

    expect(result.lines).toContain(
      `  第2行 王小军（${JUN.slice(0, 6)}********${JUN.slice(-4)}）：风险等级 2（黄色） → 3（蓝色） 未采纳：保护期未满，2027-03-01 起才能降级（R3.2）`,
    );
  });

  it('should change nothing when the same roster is imported again', async () => {
    const file = path.join(dir, '12月.xlsx');
    const before = await db.auditEntry.count({ where: { action: { in: ['child.update', 'child.create'] } } });

    const result = await importRoster(db, file, { today: TODAY, actorId: null });

    expect(result.lines.at(-1)).toBe('导入完成：新增 0 名，更新 0 名，未变 4 名。');
    expect(await db.auditEntry.count({ where: { action: { in: ['child.update', 'child.create'] } } })).toBe(
      before,
    );
  });

  it('should not let an old sheet without an assessment date undo an assessment on file (R2)', async () => {
    const before = await db.assessment.count();
    const rows = [
      child({ 姓名: '王小军', 身份证号: JUN, 出生日期: '', 风险等级: '蓝色', 评估日期: '', 类别: 'C5a' }),
    ];

    const result = await importRoster(db, await writeXlsx(path.join(dir, 'stale.xlsx'), rows), {
      today: TODAY,
      actorId: null,
    });

    expect(result.lines.join('\n')).toContain('风险等级 3（蓝色） 与系统中的 2（黄色）');
    expect(result.lines.join('\n')).toContain('但没有评估日期，未采纳');
    expect(await db.assessment.count()).toBe(before);
  });
});
