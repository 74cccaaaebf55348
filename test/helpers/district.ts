// A small hand-built district for chat and digest tests, where every expectation can be
// written down exactly. Dates are fixed; tests pass `now` to the handler.

import { childSearchKeys } from '../../src/casework/child-keys.js';
import type { Db } from '../../src/db/client.js';
import { idCheckCharacter } from '../../src/policy/index.js';

export const TODAY = '2026-12-03';
/** 10:00 in Shanghai on TODAY */
export const NOW = new Date('2026-12-03T02:00:00Z');

const day = (d: string) => new Date(`${d}T00:00:00Z`);

export function testId(birth: string, seq: string): string {
  const body = `320508${birth.replace(/-/g, '')}${seq}`;
  return body + idCheckCharacter(body);
}

export interface District {
  staff: Record<
    'zrA' | 'zrB' | 'zrC' | 'ddP' | 'jdP' | 'ddC' | 'qu' | 'gone',
    { id: number; userid: string }
  >;
  children: Record<
    'xiaoming' | 'xiaomingB' | 'xiaohong' | 'wangfang' | 'new',
    { id: number; name: string; idNumber: string }
  >;
}

/**
 * 平江街道 (communities 平江路 and 钮家巷) and 沧浪街道 (南门). Directors zr_a (平江路),
 * zr_b (钮家巷), zr_c (南门); supervisors dd_p, dd_c; street officer jd_p; district qu_wang.
 * Two children named 张小明 in 平江街道 (zr_a's and zr_b's).
 */
export async function buildDistrict(db: Db): Promise<District> {
  const district = await db.district.create({ data: { name: '姑苏区' } });
  const p = await db.street.create({ data: { districtId: district.id, name: '平江街道' } });
  const c = await db.street.create({ data: { districtId: district.id, name: '沧浪街道' } });
  const pjl = await db.community.create({ data: { streetId: p.id, name: '平江路社区' } });
  const njx = await db.community.create({ data: { streetId: p.id, name: '钮家巷社区' } });
  const nm = await db.community.create({ data: { streetId: c.id, name: '南门社区' } });

  const person = (
    userid: string,
    name: string,
    role: 'director' | 'supervisor' | 'street' | 'district',
    streetId?: number,
    communityId?: number,
    active = true,
  ) => db.staff.create({ data: { userid, name, role, streetId, communityId, active } });
  const staff = {
    zrA: await person('zr_a', '蒋玉兰', 'director', p.id, pjl.id),
    zrB: await person('zr_b', '陆海燕', 'director', p.id, njx.id),
    zrC: await person('zr_c', '钱志明', 'director', c.id, nm.id),
    ddP: await person('dd_p', '杨凤英', 'supervisor', p.id),
    jdP: await person('jd_p', '顾建国', 'street', p.id),
    ddC: await person('dd_c', '许红梅', 'supervisor', c.id),
    qu: await person('qu_wang', '王卫东', 'district'),
    gone: await person('zr_gone', '离职者', 'director', p.id, pjl.id, false),
  };

  const child = async (
    name: string,
    birth: string,
    seq: string,
    sex: 'male' | 'female',
    directorId: number,
    streetId: number,
    communityId: number,
    level: number | null,
    levelStart: string,
  ) => {
    const idNumber = testId(birth, seq);
    const row = await db.child.create({
      data: {
        name,
        idNumber,
        ...childSearchKeys(name, idNumber),
        sex,
        birthDate: day(birth),
        streetId,
        communityId,
        directorId,
        address: '平江路1号',
        guardians: { create: { name: '王秀英', relation: '祖母', phone: '13812345678', isPrimary: true } },
        categories: { create: { code: 'C2b', startsOn: day('2025-06-01'), evidence: '判决书' } },
      },
    });
    if (level !== null) {
      const assessment = await db.assessment.create({
        data: {
          childId: row.id,
          assessedOn: day(levelStart),
          assessorId: staff.ddP.id,
          tier: level,
          reason: '首次评估',
        },
      });
      await db.protectionPeriod.create({
        data: { childId: row.id, level, startOn: day(levelStart), assessmentId: assessment.id },
      });
    }
    return { id: row.id, name, idNumber };
  };

  const children = {
    // yellow since 1 Oct: R4.2 quarterly visit due by 31 Dec; R3 twice a month
    xiaoming: await child('张小明', '2015-03-08', '123', 'male', staff.zrA.id, p.id, pjl.id, 2, '2026-10-01'),
    xiaomingB: await child(
      '张小明',
      '2012-07-19',
      '456',
      'male',
      staff.zrB.id,
      p.id,
      njx.id,
      4,
      '2025-01-10',
    ),
    xiaohong: await child(
      '李小红',
      '2016-05-02',
      '222',
      'female',
      staff.zrC.id,
      c.id,
      nm.id,
      3,
      '2026-08-15',
    ),
    // red since 20 Nov: level 1, no decrease before 20 Feb (R3.2)
    wangfang: await child('王芳', '2010-01-20', '348', 'female', staff.zrA.id, p.id, pjl.id, 1, '2026-11-20'),
    new: await child('赵一诺', '2020-09-09', '502', 'female', staff.zrA.id, p.id, pjl.id, null, TODAY),
  };
  return { staff, children };
}
