import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importRoster } from '../../src/onboarding/roster-import.js';
import { createTestDatabase } from '../helpers/db.js';
import {
  buildPlaces,
  child,
  idFor,
  type Place,
  TODAY,
  tempDir,
  writeGbkCsv,
  writeXlsx,
} from './roster-fixtures.js';

let db: Db;
let places: Place;
let dir: string;

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  places = await buildPlaces(db);
  dir = await tempDir();
});

const run = (file: string, dryRun = false) => importRoster(db, file, { today: TODAY, actorId: null, dryRun });

describe('roster import: a clean roster', () => {
  it('should register every child with guardian, categories and the imported assessment', async () => {
    const file = await writeXlsx(path.join(dir, 'clean.xlsx'), [
      child(),
      child({
        姓名: '李小红',
        身份证号: idFor('2016-05-02', '222'),
        性别: '女',
        出生日期: '2016-05-02',
        社区: '钮家巷社区',
        类别: '父母一方死亡另一方服刑、低保',
        风险等级: '黄色',
        评估日期: '',
        儿童主任: '陆海燕',
        监护人: '王芳（姑妈）',
        联系电话: '0512-65201234',
      }),
    ]);

    const result = await run(file);

    expect(result.status).toBe('imported');
    expect(result.lines).toContain('导入完成：新增 2 名，更新 0 名，未变 0 名。');
    const xiaohong = await db.child.findUniqueOrThrow({
      where: { idNumber: idFor('2016-05-02', '222') },
      include: { guardians: true, categories: true, assessments: true, periods: true },
    });
    expect(xiaohong).toMatchObject({
      name: '李小红',
      sex: 'female',
      nameInitials: 'lxh',
      idTail: idFor('2016-05-02', '222').slice(-4),
    });
    expect(xiaohong.directorId).toBe(places.staff.zrB);
    expect(xiaohong.guardians).toMatchObject([
      { name: '王芳', relation: '姑妈', phone: '051265201234', isPrimary: true },
    ]);
    expect(xiaohong.categories.map((c) => c.code).sort()).toEqual(['C2b', 'C5a']);
    expect(xiaohong.assessments).toMatchObject([
      { tier: 2, reason: 'imported', assessorId: places.staff.zrB },
    ]);
    expect(xiaohong.assessments[0]!.assessedOn.toISOString().slice(0, 10)).toBe(TODAY);
    expect(xiaohong.periods[0]!.reviewOn!.toISOString().slice(0, 10)).toBe('2027-03-03');
    const audit = await db.auditEntry.findMany({ where: { via: 'import' } });
    expect(audit.map((a) => a.action).sort()).toEqual(['child.create', 'child.create', 'roster.import']);
    expect(audit.every((a) => a.actorId === null)).toBe(true);
  });

  it('should read a GBK-encoded CSV with tolerant headers', async () => {
    const headers = [
      '儿童姓名',
      '身份证号码 ',
      '性　别',
      '出生日期',
      '所属街道',
      '社区（村）',
      '困境类别',
      '风险等级',
      '评估日期',
      '儿童主任*',
      '监护人',
      '电话',
      '住址',
      '备注',
    ];
    const row = child({
      姓名: '王小军',
      身份证号: idFor('2014-01-20', '333'),
      出生日期: '2014/1/20',
      类别: '重病',
      风险等级: '三级',
      评估日期: '2026年9月1日',
    });
    const keyed = Object.fromEntries(headers.map((h, i) => [h, Object.values(row)[i]!]));

    const result = await run(await writeGbkCsv(path.join(dir, 'gbk.csv'), [keyed], headers));

    expect(result.lines[0]).toBe('读取 gbk.csv（GBK 编码）：1 行。');
    expect(result.status).toBe('imported');
    const wang = await db.child.findUniqueOrThrow({
      where: { idNumber: idFor('2014-01-20', '333') },
      include: { periods: true, categories: true },
    });
    expect(wang.categories.map((c) => c.code)).toEqual(['C4b']);
    expect(wang.periods).toMatchObject([{ level: 3 }]);
    expect(wang.periods[0]!.startOn.toISOString().slice(0, 10)).toBe('2026-09-01');
  });
});

describe('roster import: a roster with every kind of error', () => {
  it('should import nothing, list each problem, and mark the cells in a report workbook', async () => {
    const before = await db.child.count();
    const badCheck = `${idFor('2015-06-01', '111').slice(0, 17)}${idFor('2015-06-01', '111').endsWith('1') ? '2' : '1'}`;
    const file = await writeXlsx(path.join(dir, 'errors.xlsx'), [
      child({ 姓名: '甲', 身份证号: badCheck }),
      child({ 姓名: '乙', 身份证号: idFor('2007-01-01', '113'), 出生日期: '2007-01-01' }),
      child({ 姓名: '丙', 身份证号: idFor('2015-02-02', '115'), 出生日期: '2015-02-03', 性别: '女' }),
      child({ 姓名: '丁', 身份证号: idFor('2015-02-04', '117'), 出生日期: '', 街道: '观前街道' }),
      child({ 姓名: '戊', 身份证号: idFor('2015-02-05', '119'), 出生日期: '', 社区: '南门社区' }),
      child({ 姓名: '己', 身份证号: idFor('2015-02-06', '131'), 出生日期: '', 儿童主任: '张三' }),
      child({ 姓名: '庚', 身份证号: idFor('2015-02-07', '133'), 出生日期: '', 儿童主任: 'zr_gone' }),
      child({ 姓名: '辛', 身份证号: idFor('2015-02-08', '135'), 出生日期: '', 类别: '困难' }),
      child({ 姓名: '壬', 身份证号: idFor('2015-02-09', '137'), 出生日期: '', 风险等级: '紫色' }),
      child({ 姓名: '癸', 身份证号: idFor('2015-02-10', '139'), 出生日期: '', 评估日期: '2027-01-01' }),
      child({ 姓名: '子', 身份证号: idFor('2015-02-09', '137'), 出生日期: '' }),
      child({ 姓名: '', 身份证号: idFor('2015-02-11', '151'), 出生日期: '', 联系电话: '12345' }),
      child({ 姓名: '丑', 身份证号: Number(idFor('2015-02-12', '153')), 出生日期: '', 儿童主任: 'zr_c' }),
    ]);

    const result = await run(file);

    if (result.status !== 'invalid') throw new Error(`expected problems, got ${result.status}`);
    expect(await db.child.count()).toBe(before);
    const lines = result.lines.join('\n');
    for (const expected of [
      `第2行 身份证号 “${badCheck.slice(0, 6)}********${badCheck.slice(-4)}”：身份证号校验位不正确`,
      '第3行 身份证号',
      '已满18周岁（2007-01-01出生），不属于困境儿童（R1.0）',
      '第4行 出生日期 “2015-02-03”：与身份证号中的出生日期 2015-02-02 不一致',
      '第4行 性别 “女”：与身份证号（第17位）不一致：应为男',
      '第5行 街道 “观前街道”：系统中没有这个街道',
      '第6行 社区 “南门社区”：平江街道没有这个社区',
      '第7行 儿童主任 “张三”：系统中没有这名儿童主任',
      '第8行 儿童主任 “zr_gone”：离职者（zr_gone）已停用',
      '第9行 类别 “困难”：看不懂类别“困难”',
      '第10行 风险等级 “紫色”：看不懂这个风险等级',
      '第11行 评估日期 “2027-01-01”：评估日期晚于今天',
      '第12行 身份证号',
      '与第10行的身份证号重复',
      '第13行 姓名 （空）：必填项为空',
      '第13行 联系电话 “12345”：电话号码位数不对',
      '第14行 身份证号',
      'Excel 把身份证号存成了数字，后几位已经丢失',
      '第14行 儿童主任 “zr_c”：钱志明是沧浪街道的儿童主任',
    ]) {
      expect(lines).toContain(expected);
    }
    expect(result.lines.at(-1)).toBe(
      `问题报告（问题单元格已标红）：${path.join(dir, 'errors.问题报告.xlsx')}`,
    );

    const report = new ExcelJS.Workbook();
    await report.xlsx.load(
      (await readFile(path.join(dir, 'errors.问题报告.xlsx'))) as unknown as ArrayBuffer,
    );
    const roster = report.worksheets[0]!;
    const marked = (row: number, col: number) => {
      const fill = roster.getCell(row, col).fill as ExcelJS.FillPattern | undefined;
      return fill?.fgColor?.argb === 'FFFFC7CE';
    };
    expect(marked(2, 2)).toBe(true);
    expect(marked(5, 5)).toBe(true);
    expect(marked(2, 1)).toBe(false);
    expect(String(roster.getCell(5, 5).note)).toContain('系统中没有这个街道');
    const list = report.getWorksheet('问题清单')!;
    expect(list.rowCount).toBe(result.problems.length + 1);
    expect(list.getRow(1).values).toEqual([undefined, '行号', '列', '内容', '问题', '修改方法']);
  });

  it('should report a missing required column once, against the header row', async () => {
    const headers = ['姓名', '身份证号', '街道', '社区', '类别'];
    const result = await run(await writeXlsx(path.join(dir, 'nodirector.xlsx'), [child()], headers));

    expect(result.status).toBe('invalid');
    expect(result.lines).toContain(
      '  第1行 儿童主任 （空）：表头中缺少这一列。请加一列“儿童主任”（也可写作：儿童主任userid、儿童主任姓名、主任）。',
    );
  });
});
