// The digests of the hand-built district on chosen days, line by line, as people read them.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { buildDigests, type Digest } from '../../src/digest/build.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDigestDistrict } from './fixture.js';

let db: Db;

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  await buildDigestDistrict(db);
});

function byRecipient(digests: Digest[]): Record<string, string[]> {
  return Object.fromEntries(digests.map((d) => [d.recipient, d.lines]));
}

const at = (day: string) => ({ now: new Date(`${day}T08:05:00+08:00`) });

describe('daily digest on 3 December', () => {
  it('should give each person with something to do one digest, overdue first, with the command that clears it', async () => {
    const digests = await buildDigests(db, '2026-12-03', at('2026-12-03'));

    expect(byRecipient(digests)).toEqual({
      zr_a: [
        '【今日待办】12月3日 逾期 1 项，即将到期 2 项，强制报告 1 件未结',
        '【强制报告 #1】王芳：12月1日报告，尚未评估或结案（R6.1） → 评估 王芳 …',
        '张小明：个案服务（2026年11月，1/2）已逾期3天 → 服务 张小明 …',
        '赵一诺：尚未评估风险等级（R2） → 评估 赵一诺 …',
        '王芳：个案服务（2026年第49周，0/1）12月6日截止 → 服务 王芳 …',
      ],
      zr_b: [
        '【今日待办】12月3日 逾期 1 项，即将到期 0 项，强制报告 1 件未结',
        '【强制报告 #5】小胖：11月30日报告，尚未评估或结案（R6.1）',
        '张小明：个案关注（2026年10月，0/1）已逾期33天 → 走访 张小明 …',
      ],
      zr_c: [
        '【今日待办】12月3日 逾期 5 项，即将到期 1 项，强制报告 1 件未结',
        '【强制报告 #2】李小红：12月3日报告，尚未评估或结案（R6.1） → 评估 李小红 …',
        '李小红：个案服务（2026年8月，0/1）已逾期94天 → 服务 李小红 …',
        '李小红：个案服务（2026年9月，0/1）已逾期64天 → 服务 李小红 …',
        '李小红：个案服务（2026年10月，0/1）已逾期33天 → 服务 李小红 …',
        '李小红：个案服务（2026年11月，0/1）已逾期3天 → 服务 李小红 …',
        '周小雨：唯一类别“最低生活保障家庭儿童”的证明已于11月30日到期，可能已不再符合（R4.4） → 核实后补充证明，或 退出 周小雨 不再符合',
        '吴佳怡：12月20日年满18周岁（R1.0） → 退出 吴佳怡 已满18周岁',
      ],
      dd_p: [
        '【街道概况】12月3日 平江街道',
        '在册 6 人：红色 1，黄色 1，蓝色 1，绿色 1，未评估 1，应退出 1',
        '逾期事项：无儿童主任 3 项，蒋玉兰 1 项，陆海燕 1 项',
        '【强制报告 #5】小胖：11月30日报告，超过24小时仍未评估或结案（R6.1）',
        '【强制报告 #1】王芳：12月1日报告，超过24小时仍未评估或结案（R6.1） → 评估 王芳 …',
        '儿童主任空缺，以下儿童由督导员负责：',
        '陈浩：个案服务（2026年9月，0/1）已逾期64天 → 服务 陈浩 …',
        '陈浩：个案服务（2026年10月，0/1）已逾期33天 → 服务 陈浩 …',
        '陈浩：个案服务（2026年11月，0/1）已逾期3天 → 服务 陈浩 …',
      ],
      jd_p: [
        '【街道待办】12月3日 平江街道',
        '申请 #1 刘美玲（最低生活保障家庭儿童）：11月28日受理，待审核（R5.1）',
        '孙大伟：11月20日年满18周岁，应退出登记（R4.4），12月起停发（R5.4） → 退出 孙大伟 11月20日 已满18周岁',
      ],
      dd_c: [
        '【街道概况】12月3日 沧浪街道',
        '在册 4 人：红色 0，黄色 0，蓝色 1，绿色 2，未评估 0，应退出 1',
        '逾期事项：钱志明 4 项',
      ],
      qu_wang: [
        '【全区概况】12月3日',
        '平江街道：逾期 5 项（3 名儿童）；今年尚未入户抽查（R4.3）',
        '沧浪街道：逾期 4 项（1 名儿童）',
        '【强制报告 #5】平江街道 小胖：11月30日报告，超过24小时仍未评估或结案（R6.1）',
        '【强制报告 #1】平江街道 王芳：12月1日报告，超过24小时仍未评估或结案（R6.1） → 评估 王芳 …',
      ],
    });
    expect(digests.map((d) => d.text)).toEqual(digests.map((d) => d.lines.join('\n')));
  });

  it('should send nothing to deactivated staff, and keep closed or assessed urgent reports out', async () => {
    const digests = await buildDigests(db, '2026-12-03', at('2026-12-03'));
    const text = digests.map((d) => d.text).join('\n');

    expect(digests.map((d) => d.recipient)).not.toContain('zr_gone');
    // Reports #3 (closed) and #4 (child since assessed) are in the fixture but read nowhere.
    expect(await db.urgentReport.count({ where: { id: { in: [3, 4] } } })).toBe(2);
    expect(text).not.toMatch(/强制报告 #[34]】/);
    expect(text).toMatch(/强制报告 #1】/);
  });
});

describe('daily digest on 20 December', () => {
  it('should remind street staff of the payment and the quarterly forecast (R5.5) and supervisors of reviews', async () => {
    const digests = byRecipient(await buildDigests(db, '2026-12-20', at('2026-12-20')));

    expect(digests.jd_p).toEqual([
      '【街道待办】12月20日 平江街道',
      '12月生活补贴发放须于12月25日前完成（含当日），本月发放尚未登记（R5.2、R5.5）',
      '2027年第1季度儿童人数和资金预测上报须于12月25日前完成（含当日），尚未上报（R5.3、R5.5）',
      '申请 #1 刘美玲（最低生活保障家庭儿童）：11月28日受理，待审核（R5.1）',
      '孙大伟：11月20日年满18周岁，应退出登记（R4.4），12月起停发（R5.4） → 退出 孙大伟 11月20日 已满18周岁',
    ]);
    expect(digests.zr_a).toEqual([
      '【今日待办】12月20日 逾期 3 项，即将到期 3 项，强制报告 1 件未结',
      '【强制报告 #1】王芳：12月1日报告，尚未评估或结案（R6.1） → 评估 王芳 …',
      '张小明：个案服务（2026年11月，1/2）已逾期20天 → 服务 张小明 …',
      '王芳：个案服务（2026年第49周，0/1）已逾期14天 → 服务 王芳 …',
      '王芳：个案服务（2026年第50周，0/1）已逾期7天 → 服务 王芳 …',
      '赵一诺：尚未评估风险等级（R2） → 评估 赵一诺 …',
      '王芳：个案服务（2026年第51周，0/1）今天截止 → 服务 王芳 …',
      '张小明：二级保护2027年1月1日复评（R3.5） → 评估 张小明 …',
    ]);
    expect(digests.dd_p?.slice(0, 4)).toEqual([
      '【街道概况】12月20日 平江街道',
      '在册 6 人：红色 1，黄色 1，蓝色 1，绿色 1，未评估 1，应退出 1',
      '逾期事项：蒋玉兰 3 项，无儿童主任 3 项，陆海燕 1 项',
      '复评（R3.5）：已过复评日 0 人，14天内到期 1 人',
    ]);
    expect(digests.dd_c).toEqual([
      '【街道概况】12月20日 沧浪街道',
      '在册 4 人：红色 0，黄色 0，蓝色 1，绿色 1，未评估 0，应退出 2',
      '逾期事项：钱志明 4 项',
      '【强制报告 #2】李小红：12月3日报告，超过24小时仍未评估或结案（R6.1） → 评估 李小红 …',
    ]);
  });

  it('should say a payment not recorded by the 25th is late, every day until it is (R5.2)', async () => {
    const digests = byRecipient(await buildDigests(db, '2026-12-28', at('2026-12-28')));

    expect(digests.jd_p?.slice(0, 3)).toEqual([
      '【街道待办】12月28日 平江街道',
      '12月生活补贴已过12月25日发放期限，尚未登记发放（R5.2）',
      '2027年第1季度儿童人数和资金预测已过12月25日上报期限，尚未上报（R5.3）',
    ]);
  });

  it('should keep reminding earlier months left unrecorded, once the bot has been in use (R5.2, R5.5)', async () => {
    // The register was filed in October; 平江 never recorded a payment, 沧浪 recorded December.
    await db.child.updateMany({ data: { createdAt: new Date('2026-10-15T10:00:00+08:00') } });
    try {
      const digests = byRecipient(await buildDigests(db, '2027-01-05', at('2027-01-05')));

      expect(digests.jd_p?.slice(0, 4)).toEqual([
        '【街道待办】1月5日 平江街道',
        '2026年10月生活补贴已过2026年10月25日发放期限，尚未登记发放（R5.2）',
        '2026年11月生活补贴已过2026年11月25日发放期限，尚未登记发放（R5.2）',
        '2026年12月生活补贴已过2026年12月25日发放期限，尚未登记发放（R5.2）',
      ]);
      expect(Object.values(digests).flat().join('\n')).not.toContain('2026年9月生活补贴');
    } finally {
      await db.child.updateMany({ data: { createdAt: new Date() } });
    }
  });
});
