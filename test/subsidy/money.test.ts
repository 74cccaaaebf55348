// R5 through chat on a real database: standards, the month's list, recording it paid,
// applications through their steps, and the spreadsheets re-read cell by cell.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { childSearchKeys } from '../../src/casework/child-keys.js';
import { toFen } from '../../src/casework/subsidy.js';
import { createChatHandler } from '../../src/chat/router.js';
import type { ChatReply } from '../../src/chat/types.js';
import type { Db } from '../../src/db/client.js';
import { createOutbox } from '../../src/digest/outbox.js';
import { createSilentLogger } from '../../src/logger.js';
import { CATEGORY_GROUP_LABELS, CATEGORY_LABELS } from '../../src/policy/index.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDistrict, type District, NOW, testId } from '../helpers/district.js';

let db: Db;
let district: District;
let clock = NOW;
const at = (isoDay: string) => new Date(`${isoDay}T02:00:00Z`);

function chat(userId: string) {
  const handler = createChatHandler({
    db,
    log: createSilentLogger(),
    notifier: createOutbox({ db, log: createSilentLogger() }),
    now: () => clock,
  });
  let n = 0;
  return async (text: string): Promise<ChatReply> =>
    (await handler({
      kind: 'text',
      userId,
      text,
      msgId: `${userId}-${clock.getTime()}-${n++}`,
      createdAt: clock,
    }))!;
}

async function readBook(reply: ChatReply): Promise<ExcelJS.Workbook> {
  expect(reply.file?.filename).toMatch(/\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(reply.file!.data as unknown as ArrayBuffer);
  return book;
}

/** Every row of a sheet below its header row, as plain values. */
function rows(sheet: ExcelJS.Worksheet, from: number): unknown[][] {
  const out: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n >= from) out.push(Array.from((row.values as unknown[]).slice(1), (v) => v ?? ''));
  });
  return out;
}

const fenOf = (v: unknown) => Math.round(Number(v) * 100);

let turning18Id: string;

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  district = await buildDistrict(db);
  // A child of 平江街道 who turns 18 on 14 February 2027: paid in January and February only.
  const street = await db.street.findFirstOrThrow({ where: { name: '平江街道' } });
  const community = await db.community.findFirstOrThrow({ where: { name: '钮家巷社区' } });
  turning18Id = testId('2009-02-14', '611');
  await db.child.create({
    data: {
      name: '孙丽',
      idNumber: turning18Id,
      ...childSearchKeys('孙丽', turning18Id),
      sex: 'female',
      birthDate: new Date('2009-02-14T00:00:00Z'),
      streetId: street.id,
      communityId: community.id,
      directorId: district.staff.zrB.id,
      categories: { create: { code: 'C1b', startsOn: new Date('2025-06-01T00:00:00Z') } },
    },
  });
});

describe('补贴标准 (R5.2)', () => {
  it('should let only district staff set a standard, and show it to street staff', async () => {
    expect((await chat('jd_p')('补贴标准 C2 1800')).text).toBe('补贴标准由区民卫局设置。');

    expect((await chat('qu_wang')('补贴标准 C2 1800 2026-10')).text).toBe(
      '已设置：C2 父母监护缺失的儿童 自2026年10月起每月1800.00元。',
    );
    expect((await chat('qu_wang')('补贴标准 C1 2600.5 2026-10')).text).toContain('每月2600.50元');
    expect((await chat('qu_wang')('补贴标准 C1 2600 2026-10')).text).toContain('每月2600.00元');

    const shown = (await chat('jd_p')('补贴标准')).text;
    expect(shown).toContain('C1 孤儿：2600.00元（2026年10月起）');
    expect(shown).toContain('C2 父母监护缺失的儿童：1800.00元（2026年10月起）');
    expect(await db.auditEntry.count({ where: { entity: 'SubsidyRate' } })).toBe(3);
  });

  it('should explain a standard it cannot read, and change nothing', async () => {
    const before = await db.subsidyRate.count();
    const reply = await chat('qu_wang')('补贴标准 C9 1800');
    expect(reply.text).toContain('类别“C9”不对');
    expect(reply.text).toContain('例如：补贴标准 C1 2600 2027-01');
    expect((await chat('qu_wang')('补贴标准 C1 两千')).text).toContain('金额“两千”不对');
    expect(await db.subsidyRate.count()).toBe(before);
  });
});

describe('补贴标准: a group standard and a sub-type’s own (R5.2)', () => {
  it('should say which sub-types keep their own standard when the group’s changes', async () => {
    await chat('qu_wang')('补贴标准 C4a 2000 2026-10');

    const reply = await chat('qu_wang')('补贴标准 C4 2500 2026-10');

    expect(reply.text).toBe(
      [
        `已设置：C4 ${CATEGORY_GROUP_LABELS.C4} 自2026年10月起每月2500.00元。`,
        `注意：C4a ${CATEGORY_LABELS.C4a}有自己的标准（2000.00元，2026年10月起），仍按该标准发放；如需调整，请另发：补贴标准 C4a 金额 2026-10`,
      ].join('\n'),
    );
  });
});

describe('补贴: the month’s list (R5.2, R5.4)', () => {
  it('should sum the street’s children at their standard, with the changes since last month', async () => {
    // 王芳 left the register in November: paid in November, not in December (R5.4).
    await db.child.update({
      where: { id: district.children.wangfang.id },
      data: { registerStatus: 'left', leftOn: new Date('2026-11-10T00:00:00Z'), leftReason: 'moved_out' },
    });

    const reply = await chat('jd_p')('补贴 2026-12');

    // 张小明 ×2 and 赵一诺 at C2 1800, 孙丽 at C1 2600.
    expect(reply.text).toContain('2026年12月生活补贴：4人，合计8000.00元');
    expect(reply.text).toContain('平江街道：4人，8000.00元，未登记发放，截止12月25日（R5.2）');
    expect(reply.text).toContain('较上月：新增0人，减少1人，金额变化0人');
    expect(reply.text).toContain('减少：王芳（已退出名册，R5.4）');
    expect(reply.text).not.toContain('李小红');
  });

  it('should keep a street officer to their street, and show district staff every street', async () => {
    expect((await chat('jd_p')('补贴 2026-12 沧浪街道')).text).toBe('您只能查看平江街道的补贴。');

    const all = (await chat('qu_wang')('补贴 2026-12')).text;
    expect(all).toContain('2026年12月生活补贴：5人，合计9800.00元');
    expect(all).toContain('沧浪街道：1人，1800.00元');
    expect((await chat('zr_a')('补贴')).text).toContain('由街道民政专干、儿童督导员、区民卫局工作人员使用');
  });

  it('should refuse a month in the future or before the register began', async () => {
    expect((await chat('jd_p')('补贴 2027-01')).text).toBe(
      '2027年1月还没到，只能查看本月（2026年12月）及以前的补贴。',
    );
    expect((await chat('jd_p')('补贴 2025年5月')).text).toBe(
      '名册从2025年6月开始，没有2025年5月的补贴记录。',
    );
  });
});

describe('补贴 … 已发放 (R5.2, R5.5)', () => {
  it('should record the street’s month as paid today, once, with every child’s payment', async () => {
    expect((await chat('dd_p')('补贴 2026-12 已发放')).text).toBe('补贴发放由街道民政登记（R5.2）。');

    const reply = await chat('jd_p')('补贴 2026-12 已发放');

    expect(reply.text).toBe(
      '已登记平江街道2026年12月生活补贴发放：4人，8000.00元，发放日期12月3日。按时发放（R5.2），本月发放提醒停止（R5.5）。',
    );
    const batch = await db.paymentBatch.findFirstOrThrow({
      where: { month: new Date('2026-12-01T00:00:00Z') },
    });
    expect(batch).toMatchObject({ children: 4, late: false, recordedById: district.staff.jdP.id });
    expect(batch.total.toFixed(2)).toBe('8000.00');
    const payments = await db.subsidyPayment.findMany({ where: { month: batch.month } });
    expect(payments.reduce((sum, p) => sum + toFen(p.amount), 0)).toBe(800000);
    expect(await db.auditEntry.count({ where: { entity: 'SubsidyPayment' } })).toBe(payments.length);
    expect(await db.auditEntry.count({ where: { entity: 'PaymentBatch' } })).toBe(1);

    const again = await chat('jd_p')('补贴 2026-12 已发放');
    expect(again.text).toBe('平江街道2026年12月的补贴已于2026-12-03由顾建国登记发放，不能重复登记。');
    expect(await db.subsidyPayment.count({ where: { month: batch.month } })).toBe(4);
  });

  it('should record a month paid after the 25th as late', async () => {
    const reply = await chat('jd_p')('补贴 上月 已发放');

    expect(reply.text).toContain('已登记平江街道2026年11月生活补贴发放：5人，9800.00元');
    expect(reply.text).toContain('已过11月25日的发放期限，记为逾期发放（R5.2）。');
    expect(await db.paymentBatch.count({ where: { late: true } })).toBe(1);
  });

  it('should show a recorded month from its stored rows, even after the register changes', async () => {
    await db.childCategory.updateMany({
      where: { childId: district.children.xiaoming.id },
      data: { endedOn: new Date('2026-10-01T00:00:00Z') },
    });

    try {
      const reply = await chat('jd_p')('补贴 2026-12');

      expect(reply.text).toContain('平江街道：4人，8000.00元，已于12月3日发放（顾建国登记）');
    } finally {
      await db.childCategory.updateMany({
        where: { childId: district.children.xiaoming.id },
        data: { endedOn: null },
      });
    }
  });

  it('should refuse to change a standard for a month already paid', async () => {
    const reply = await chat('qu_wang')('补贴标准 C2 1900 2026-12');
    expect(reply.text).toContain('2026年12月及以后已有街道登记发放，不能改动这些月份的标准');
  });
});

describe('报表: the spreadsheets (R5.2, R5.3)', () => {
  it('should give a payment report whose every total equals the database', async () => {
    const reply = await chat('qu_wang')('报表 2026-12');

    expect(reply.text).toContain('发放表见附件（身份证号已隐去中间位）');
    expect(reply.file!.filename).toBe('生活补贴发放表_2026-12_全区.xlsx');
    const book = await readBook(reply);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '平江街道', '沧浪街道', '变动']);

    const summary = rows(book.getWorksheet('汇总')!, 3);
    const batch = await db.paymentBatch.findFirstOrThrow({
      where: { month: new Date('2026-12-01T00:00:00Z') },
    });
    expect(summary[0]).toEqual([
      '平江街道',
      batch.children,
      Number(batch.total),
      '2026-12-03',
      '按时',
      0,
      1,
      0,
      '顾建国',
    ]);
    expect(summary[1]!.slice(0, 5)).toEqual(['沧浪街道', 1, 1800, '未发放', '']);
    expect(summary[2]!.slice(0, 3)).toEqual(['合计', 5, 9800]);

    const pj = rows(book.getWorksheet('平江街道')!, 2);
    const stored = await db.subsidyPayment.findMany({
      where: { month: batch.month },
      include: { child: true },
      orderBy: { childId: 'asc' },
    });
    const listed = pj.slice(0, -1);
    expect(listed).toHaveLength(stored.length);
    for (const p of stored) {
      const row = listed.find(
        (r) => r[1] === p.child.name && String(r[2]).endsWith(p.child.idNumber.slice(-4)),
      );
      expect(row, p.child.name).toBeDefined();
      expect(fenOf(row![5])).toBe(toFen(p.amount));
      expect(row![6]).toBe('2026-12-03');
    }
    expect(fenOf(pj.at(-1)![5])).toBe(toFen(batch.total));

    const changes = rows(book.getWorksheet('变动')!, 2);
    expect(changes).toEqual([
      [
        '平江街道',
        '王芳',
        expect.stringMatching(/^320508\*{8}\d{3}[\dX]$/),
        '减少',
        1800,
        '',
        '已退出名册（R5.4）',
      ],
    ]);
  });

  it('should never put a full ID number in a spreadsheet', async () => {
    const book = await readBook(await chat('qu_wang')('报表 2026-12'));
    const ids = (await db.child.findMany({ select: { idNumber: true } })).map((c) => c.idNumber);
    book.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          for (const id of ids) expect(String(cell.value)).not.toContain(id);
        }),
      ),
    );
  });

  it('should give the same street sheet whoever asks, within their scope', async () => {
    const street = await readBook(await chat('jd_p')('报表 2026-12'));
    const district = await readBook(await chat('qu_wang')('报表 2026-12'));

    expect(street.worksheets.map((s) => s.name)).toEqual(['汇总', '平江街道', '变动']);
    expect(rows(street.getWorksheet('平江街道')!, 1)).toEqual(rows(district.getWorksheet('平江街道')!, 1));
  });

  it('should forecast the next quarter counting 18th birthdays, and record a street’s report', async () => {
    const reply = await chat('jd_p')('报表 2027Q1 预测');

    // 张小明 ×2, 赵一诺 at 1800; 孙丽 (C1, 2600) turns 18 on 14 February: paid Jan and Feb.
    expect(reply.text).toContain('平江街道：1月4人、2月4人、3月3人，资金21400.00元；季度内停发1人');
    expect(reply.text).toContain('已记为平江街道的上报（截止12月25日）。');
    const book = await readBook(reply);
    const summary = rows(book.getWorksheet('预测汇总')!, 3);
    expect(summary[0]).toEqual(['平江街道', 4, 8000, 4, 8000, 3, 5400, 4, 21400]);
    const stopping = rows(book.getWorksheet('季度内停发')!, 2);
    expect(stopping).toEqual([
      ['平江街道', '孙丽', expect.stringMatching(/^320508\*{8}611[\dX]$/), '2027年2月', '年满18周岁'],
    ]);

    const forecast = await db.quarterlyForecast.findFirstOrThrow({ where: { quarter: '2027-Q1' } });
    expect(forecast).toMatchObject({ children: 4, submittedById: district.staff.jdP.id });
    expect(forecast.amount.toFixed(2)).toBe('21400.00');
  });

  it('should refuse a quarter that has begun, and a month it cannot read', async () => {
    expect((await chat('jd_p')('报表 2026Q4 预测')).text).toBe(
      '预测针对以后的季度；2026年第4季度已开始或已过去。请预测 2027Q1。',
    );
    const bad = await chat('jd_p')('报表 明年');
    expect(bad.text).toContain('“明年”不是月份或季度。');
    expect(bad.text).toContain('例如：报表 2026-12');
    expect(bad.file).toBeUndefined();
  });
});

describe('申请 → 审核 → 审批 (R5.1)', () => {
  const newId = testId('2016-04-11', '724');

  it('should take an application through its steps in order and put the child on the register', async () => {
    const received = await chat('jd_p')(`申请 周小雨 ${newId} C1b 平江路社区 材料齐全`);
    const app = await db.subsidyApplication.findFirstOrThrow({ where: { idNumber: newId } });
    expect(received.text).toBe(
      `已受理申请 #${app.id}：周小雨（320508********${newId.slice(-4)}），C1b（父母双方死亡或双方失踪），平江路社区。下一步：审核 #${app.id} 通过 说明（R5.1）。`,
    );
    expect(received.text).not.toContain(newId);

    expect((await chat('jd_p')('待办')).text).toContain(`申请 #${app.id} 周小雨（`);
    expect((await chat('jd_p')(`审批 #${app.id} 批准`)).text).toBe(
      `申请 #${app.id} 已受理，待审核，不能审批（R5.1 受理→审核→审批）。请先审核：审核 #${app.id} 通过 说明`,
    );
    expect((await chat('dd_p')(`审核 #${app.id} 通过 入户核实属实`)).text).toContain('审核通过');
    expect((await chat('dd_p')(`审批 #${app.id} 批准`)).text).toContain(
      '由街道民政专干、区民卫局工作人员使用',
    );

    clock = at('2026-12-10');
    const approved = await chat('jd_p')(`审批 周小雨 批准`);
    clock = NOW;

    expect(approved.text).toBe(
      `申请 #${app.id} 周小雨：已批准。已纳入名册并建档，请督导员尽快评估风险等级（R2）；自2027年1月起列入补贴发放名单（R5.1）。`,
    );
    const child = await db.child.findUniqueOrThrow({
      where: { idNumber: newId },
      include: { categories: true },
    });
    expect(child).toMatchObject({
      name: '周小雨',
      directorId: district.staff.zrA.id,
      registerStatus: 'in_register',
    });
    expect(child.categories.map((c) => c.code)).toEqual(['C1b']);
    const steps = await db.applicationStep.findMany({
      where: { applicationId: app.id },
      orderBy: { id: 'asc' },
    });
    expect(steps.map((s) => [s.status, s.byId, s.result])).toEqual([
      ['received', district.staff.jdP.id, ''],
      ['reviewed', district.staff.ddP.id, '通过'],
      ['approved', district.staff.jdP.id, '批准'],
    ]);
    expect(
      (
        await db.auditEntry.findMany({ where: { entity: 'SubsidyApplication', entityId: String(app.id) } })
      ).map((a) => a.action),
    ).toEqual(['application.receive', 'application.review', 'application.approve']);
  });

  it('should count the approved child from the month after approval in the forecast', async () => {
    const reply = await chat('qu_wang')('报表 2027Q1 预测 平江街道');
    expect(reply.text).toContain('平江街道：1月5人、2月5人、3月4人');
    expect(reply.text).not.toContain('已记为');
  });

  it('should keep a refusal’s reason, and ask for one', async () => {
    const otherId = testId('2014-08-30', '833');
    await chat('jd_p')(`申请 吴佳 ${otherId} 低保 钮家巷社区`);
    const app = await db.subsidyApplication.findFirstOrThrow({ where: { idNumber: otherId } });
    await chat('jd_p')(`审核 #${app.id} 不通过 收入超标`);

    expect((await chat('jd_p')(`审批 #${app.id} 不予批准`)).text).toContain('不予批准须写明理由');
    expect((await chat('jd_p')(`审批 #${app.id} 不予批准 家庭收入超过低保标准`)).text).toBe(
      `申请 #${app.id} 吴佳：不予批准，理由已记录。`,
    );
    const last = await db.applicationStep.findFirstOrThrow({
      where: { applicationId: app.id },
      orderBy: { id: 'desc' },
    });
    expect(last).toMatchObject({ status: 'refused', note: '家庭收入超过低保标准' });
    expect(await db.child.count({ where: { idNumber: otherId } })).toBe(0);
  });

  it('should not let another street see or take a step on the application', async () => {
    const app = await db.subsidyApplication.findFirstOrThrow({ where: { idNumber: newId } });
    expect((await chat('dd_c')(`审核 #${app.id} 通过`)).text).toBe(`没有找到申请 #${app.id}。`);
    expect((await chat('dd_c')('申请')).text).toBe('没有待审核或待审批的申请。');
  });

  it('should take an application written as a multi-line form', async () => {
    const formId = testId('2017-09-03', '915');
    const reply = await chat('jd_p')(
      `申请\n姓名：郑小北\n身份证号：${formId}\n类别：C4a\n社区：钮家巷社区\n说明：医院诊断书`,
    );
    const app = await db.subsidyApplication.findFirstOrThrow({ where: { idNumber: formId } });
    expect(reply.text).toBe(
      `已受理申请 #${app.id}：郑小北（320508********${formId.slice(-4)}），C4a（${CATEGORY_LABELS.C4a}），钮家巷社区。下一步：审核 #${app.id} 通过 说明（R5.1）。`,
    );
    expect(app).toMatchObject({
      applicantName: '郑小北',
      category: 'C4a',
      note: '医院诊断书',
      childId: null,
    });

    const missing = await chat('jd_p')('申请\n姓名：郑小南\n类别：C4a');
    expect(missing.text).toContain('缺少：身份证号、社区。');
    expect(missing.text).toContain('姓名：王小雨');
  });

  it('should take an application for a child on file by name, asking which when two match', async () => {
    const ask = await chat('jd_p')('申请 张小明 C2b 父亲服刑证明');
    expect(ask.text).toMatch(/^找到 2 名儿童，请回复序号选择/);
    expect(await db.subsidyApplication.count({ where: { childId: district.children.xiaomingB.id } })).toBe(0);

    const picked = await chat('jd_p')('2');
    const app = await db.subsidyApplication.findFirstOrThrow({
      where: { childId: district.children.xiaomingB.id },
    });
    expect(picked.text).toBe(
      `已受理申请 #${app.id}：张小明（320508********${district.children.xiaomingB.idNumber.slice(-4)}），C2b（${CATEGORY_LABELS.C2b}），钮家巷社区。下一步：审核 #${app.id} 通过 说明（R5.1）。`,
    );
    expect(app).toMatchObject({ idNumber: district.children.xiaomingB.idNumber, note: '父亲服刑证明' });
    // He was on the register before applying: the waiting application does not stop his
    // payments (the forecast counts the same five children as before it).
    expect((await chat('qu_wang')('报表 2027Q1 预测 平江街道')).text).toContain(
      '平江街道：1月5人、2月5人、3月4人',
    );

    // 李小红 is on file in 沧浪街道: for 平江街道's officer she does not exist.
    const before = await db.subsidyApplication.count();
    expect((await chat('jd_p')('申请 李小红 C2b')).text).toMatch(/^没有找到“李小红”/);
    expect((await chat('jd_p')('申请 王芳')).text).toContain('已建档的儿童写 申请 姓名 类别 [说明]');
    expect(await db.subsidyApplication.count()).toBe(before);
  });

  it('should not approve an application that failed review, nor one its own reviewer approves', async () => {
    const failedId = testId('2013-03-21', '142');
    await chat('jd_p')(`申请 钱多多 ${failedId} C2b 平江路社区`);
    const failed = await db.subsidyApplication.findFirstOrThrow({ where: { idNumber: failedId } });
    await chat('dd_p')(`审核 #${failed.id} 不通过 父亲未服刑`);

    expect((await chat('jd_p')('申请')).text).toContain(
      `申请 #${failed.id} 钱多多（${CATEGORY_LABELS.C2b}）12月3日受理，审核未通过 → 审批 #${failed.id} 不予批准 理由（R5.1）`,
    );
    expect((await chat('jd_p')(`审批 #${failed.id} 批准`)).text).toBe(
      `申请 #${failed.id} 审核未通过，不能批准（R5.1 审批复核）。请发送：审批 #${failed.id} 不予批准 理由。`,
    );
    expect(await db.child.count({ where: { idNumber: failedId } })).toBe(0);

    const selfId = testId('2013-06-02', '251');
    await chat('jd_p')(`申请 孙一 ${selfId} C2b 平江路社区`);
    const self = await db.subsidyApplication.findFirstOrThrow({ where: { idNumber: selfId } });
    await chat('jd_p')(`审核 #${self.id} 通过 材料齐全`);
    expect((await chat('jd_p')(`审批 #${self.id} 批准`)).text).toBe(
      `申请 #${self.id} 由您本人审核，审批须由另一位工作人员完成（R5.1 审批复核）。`,
    );
    expect((await chat('qu_wang')(`审批 #${self.id} 批准`)).text).toContain('已批准');
  });

  it('should refuse to approve a child who turned 18 while the application waited', async () => {
    const oldId = testId('2008-12-05', '363');
    await chat('jd_p')(`申请 冯大 ${oldId} C2b 平江路社区`);
    const app = await db.subsidyApplication.findFirstOrThrow({ where: { idNumber: oldId } });
    await chat('dd_p')(`审核 #${app.id} 通过`);

    clock = at('2026-12-10');
    const reply = await chat('jd_p')(`审批 #${app.id} 批准`);
    clock = NOW;

    expect(reply.text).toBe(
      `冯大已于2026-12-05年满18周岁，不能批准（R1.0）。请发送：审批 #${app.id} 不予批准 已满18周岁。`,
    );
    expect(await db.child.count({ where: { idNumber: oldId } })).toBe(0);
  });

  it('should give a child on file the category approved, and bring back a child who had left', async () => {
    const wangfang = district.children.wangfang;
    expect(await db.child.findUniqueOrThrow({ where: { id: wangfang.id } })).toMatchObject({
      registerStatus: 'left',
    });
    await chat('jd_p')(`申请 王芳 ${wangfang.idNumber} C1a 平江路社区 父母双亡`);
    const app = await db.subsidyApplication.findFirstOrThrow({ where: { idNumber: wangfang.idNumber } });
    await chat('dd_p')(`审核 #${app.id} 通过`);

    const approved = await chat('jd_p')(`审批 #${app.id} 批准`);

    expect(approved.text).toBe(`申请 #${app.id} 王芳：已批准。自2027年1月起列入补贴发放名单（R5.1）。`);
    const child = await db.child.findUniqueOrThrow({
      where: { id: wangfang.id },
      include: { categories: { orderBy: { id: 'asc' } } },
    });
    expect(child).toMatchObject({ registerStatus: 'in_register', leftOn: null });
    expect(child.categories.map((c) => [c.code, c.startsOn.toISOString().slice(0, 10)])).toEqual([
      ['C2b', '2025-06-01'],
      ['C1a', '2026-12-03'],
    ]);
    const actions = await db.auditEntry.findMany({
      where: { action: { in: ['child.readmit', 'child_category.add'] } },
      select: { action: true, actorId: true },
    });
    expect(actions).toEqual([
      { action: 'child_category.add', actorId: district.staff.jdP.id },
      { action: 'child.readmit', actorId: district.staff.jdP.id },
    ]);
  });

  it('should not take a bare 发放 as recording the month paid', async () => {
    const before = await db.paymentBatch.count();
    const reply = await chat('jd_p')('补贴 发放');
    expect(reply.text).toContain('没看懂“发放”');
    expect(await db.paymentBatch.count()).toBe(before);
  });

  it('should say what an application needs when it cannot read one, and store nothing', async () => {
    const before = await db.subsidyApplication.count();
    const reply = await chat('jd_p')('申请 周小雨 12345');
    expect(reply.text).toContain('请写齐姓名、身份证号、类别和社区。');
    expect(reply.text).toContain('例如：申请 张小明 C2b 材料齐全');
    expect(
      (
        await chat('jd_p')(
          `申请 周小雨 ${newId.slice(0, 17)}${newId.endsWith('0') ? '1' : '0'} C1b 平江路社区`,
        )
      ).text,
    ).toContain('身份证号有误');
    expect(await db.subsidyApplication.count()).toBe(before);
  });
});
