import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { createSilentLogger } from '../../src/logger.js';
import { OperatorError } from '../../src/onboarding/operator.js';
import { addStaff, deactivateStaff, listStaff, moveStaff } from '../../src/onboarding/staff.js';
import { applySync, planSync, syncLines } from '../../src/onboarding/staff-sync.js';
import { createWecomApi } from '../../src/wecom/api.js';
import { createTestDatabase } from '../helpers/db.js';
import { startFakeApi, WECOM_ENV } from '../helpers/wecom.js';
import { idFor } from './roster-fixtures.js';

let db: Db;

beforeAll(async () => {
  ({ db } = await createTestDatabase());
});

describe('staff add, list, move, deactivate', () => {
  it('should create the street and community on first mention and say so', async () => {
    const lines = await addStaff(
      db,
      { userid: 'zr_a', name: '蒋玉兰', role: 'director', street: '平江街道', community: '平江路社区' },
      null,
    );

    expect(lines).toEqual([
      '已新建区：本区',
      '已新建街道：平江街道',
      '已新建社区：平江街道 平江路社区',
      '已添加：蒋玉兰（zr_a），儿童主任，平江街道 平江路社区。',
    ]);
    const second = await addStaff(
      db,
      { userid: 'dd_p', name: '杨凤英', role: 'supervisor', street: '平江街道' },
      null,
    );
    expect(second).toEqual(['已添加：杨凤英（dd_p），儿童督导员，平江街道。']);
    expect(await db.auditEntry.count({ where: { action: 'staff.create', via: 'cli' } })).toBe(2);
  });

  it('should refuse a director without a community, and a second account with the same userid', async () => {
    await expect(
      addStaff(db, { userid: 'zr_x', name: '某', role: 'director', street: '平江街道' }, null),
    ).rejects.toThrow('儿童主任需要 --street <街道> 和 --community <社区>。');
    await expect(
      addStaff(
        db,
        { userid: 'zr_a', name: '某', role: 'director', street: '平江街道', community: '平江路社区' },
        null,
      ),
    ).rejects.toBeInstanceOf(OperatorError);
  });

  it('should move a person, creating the new community, with the operator on the audit trail', async () => {
    const operator = await db.staff.findUniqueOrThrow({ where: { userid: 'dd_p' } });

    const lines = await moveStaff(db, 'zr_a', { street: '平江街道', community: '钮家巷社区' }, operator.id);

    expect(lines).toEqual([
      '已新建社区：平江街道 钮家巷社区',
      '已调整：蒋玉兰（zr_a）现在在平江街道 钮家巷社区。',
    ]);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'staff.move' } });
    expect(audit.actorId).toBe(operator.id);
  });

  it('should deactivate without touching the children, and list the person as deactivated', async () => {
    const zr = await db.staff.findUniqueOrThrow({ where: { userid: 'zr_a' } });
    const idNumber = idFor('2015-03-08', '123');
    const child = await db.child.create({
      data: {
        name: '张小明',
        idNumber,
        sex: 'male',
        birthDate: new Date('2015-03-08T00:00:00Z'),
        streetId: zr.streetId!,
        communityId: zr.communityId!,
        directorId: zr.id,
      },
    });

    const lines = await deactivateStaff(db, 'zr_a', null);

    expect(lines).toEqual([
      '已停用：蒋玉兰（zr_a）。此后不再给其推送每日简报，也不能再使用机器人。',
      '其名下 1 名儿童的档案全部保留，在督导员的简报中显示为“无儿童主任”，请尽快在名册中改派并重新导入。',
    ]);
    expect((await db.child.findUniqueOrThrow({ where: { id: child.id } })).directorId).toBe(zr.id);
    expect(
      await db.auditEntry.count({ where: { action: 'staff.deactivate', entityId: String(zr.id) } }),
    ).toBe(1);
    expect(await listStaff(db)).toEqual(['共 1 人：', '  dd_p  杨凤英  儿童督导员  平江街道']);
    expect(await listStaff(db, { all: true })).toContain(
      '  zr_a  蒋玉兰  儿童主任  平江街道 钮家巷社区，1 名儿童，已停用',
    );
  });
});

describe('staff sync with the WeCom contact book', () => {
  it('should report new, changed and gone members and apply them only when confirmed', async () => {
    await addStaff(
      db,
      { userid: 'zr_b', name: '陆海燕', role: 'director', street: '平江街道', community: '钮家巷社区' },
      null,
    );
    await addStaff(db, { userid: 'jd_p', name: '顾建国', role: 'street', street: '平江街道' }, null);
    const fake = await startFakeApi({
      departments: [
        { id: 1, name: '姑苏区民卫局', parentid: 0 },
        { id: 2, name: '平江街道', parentid: 1 },
        { id: 3, name: '钮家巷社区', parentid: 2 },
        { id: 4, name: '观前社区', parentid: 2 },
      ],
      members: [
        { userid: 'dd_p', name: '杨凤英', department: [2], position: '儿童督导员' },
        { userid: 'zr_b', name: '陆海艳', department: [3], position: '儿童主任' },
        { userid: 'zr_d', name: '周丽', department: [4], position: '儿童主任' },
        { userid: 'qu_wang', name: '王卫东', department: [1], position: '区民卫局科员' },
        { userid: 'kj', name: '会计', department: [2], position: '会计' },
      ],
    });
    const api = createWecomApi({
      wecom: {
        corpId: WECOM_ENV.WECOM_CORP_ID,
        agentId: 1000002,
        secret: WECOM_ENV.WECOM_SECRET,
        apiBase: fake.url,
      },
      log: createSilentLogger(),
    });

    const plan = await planSync(db, api);

    expect(syncLines(plan)).toEqual([
      '企业微信通讯录：4 个部门、5 名成员。',
      '新成员 2 名（将添加）：',
      '  + qu_wang 王卫东 区民卫局',
      '  + zr_d 周丽 儿童主任 平江街道 观前社区',
      '看不出角色的新成员 1 名（不添加；如需要，请用 npm run staff -- add 添加）：',
      '  ? kj 会计（职务：会计）',
      '信息有变化 1 名（将更新）：',
      '  ~ zr_b 陆海艳：姓名 陆海燕 → 陆海艳',
      '已不在通讯录或已被停用 1 名（将停用，档案不删除）：',
      '  - jd_p 顾建国',
    ]);
    expect(await db.staff.count({ where: { userid: { in: ['zr_d', 'qu_wang'] } } })).toBe(0);

    const applied = await applySync(db, plan, null);

    expect(applied).toEqual(['已新建社区：平江街道 观前社区', '已应用：添加 2 名，更新 1 名，停用 1 名。']);
    const after = await db.staff.findMany({
      where: { userid: { in: ['zr_d', 'qu_wang', 'zr_b', 'jd_p'] } },
      orderBy: { userid: 'asc' },
    });
    expect(after.map((s) => [s.userid, s.name, s.role, s.active])).toEqual([
      ['jd_p', '顾建国', 'street', false],
      ['qu_wang', '王卫东', 'district', true],
      ['zr_b', '陆海艳', 'director', true],
      ['zr_d', '周丽', 'director', true],
    ]);
    expect(fake.received.filter((r) => r.api === 'user/list')).toHaveLength(4);
    expect(syncLines(await planSync(db, api)).slice(-2)).toEqual([
      '  ? kj 会计（职务：会计）',
      '没有需要应用的更改。',
    ]);
  });
});
