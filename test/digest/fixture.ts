// The hand-built district of test/helpers/district.ts, with what the digest must notice
// added on top: visits and services that leave duties due or overdue, a child whose director
// has left, urgent reports in every state, lapsed evidence, children to take off the register,
// an application, a spot check and a recorded payment. Dates are fixed around 2026-12-03.

import { childSearchKeys } from '../../src/casework/child-keys.js';
import type { Db } from '../../src/db/client.js';
import { buildDistrict, type District, testId } from '../helpers/district.js';

const day = (d: string) => new Date(`${d}T00:00:00Z`);

export interface DigestDistrict extends District {
  streets: { pingjiang: number; canglang: number };
  extra: Record<'orphan' | 'lapsed' | 'adult' | 'soon18' | 'noCategory', { id: number; name: string }>;
  urgent: Record<'late' | 'fresh' | 'closed' | 'assessed' | 'unlinked', number>;
}

export async function buildDigestDistrict(db: Db): Promise<DigestDistrict> {
  const district = await buildDistrict(db);
  const { staff, children } = district;
  const p = (await db.street.findFirstOrThrow({ where: { name: '平江街道' } })).id;
  const c = (await db.street.findFirstOrThrow({ where: { name: '沧浪街道' } })).id;
  const pjl = (await db.community.findFirstOrThrow({ where: { name: '平江路社区' } })).id;
  const nm = (await db.community.findFirstOrThrow({ where: { name: '南门社区' } })).id;

  // 王芳 (red since 20 Nov): visited in November, one service in week 48; week 49 still open.
  await db.visit.create({
    data: {
      childId: children.wangfang.id,
      visitedOn: day('2026-11-25'),
      staffId: staff.zrA.id,
      kind: 'home',
    },
  });
  await db.serviceSession.createMany({
    data: [
      {
        childId: children.wangfang.id,
        servedOn: day('2026-11-20'),
        staffId: staff.zrA.id,
        type: 'counselling',
        recipient: 'child',
      },
      {
        childId: children.wangfang.id,
        servedOn: day('2026-11-26'),
        staffId: staff.zrA.id,
        type: 'tutoring',
        recipient: 'child',
      },
    ],
  });
  // 张小明 (zr_b, green since January 2025): a home visit every month but October 2026.
  const months = Array.from({ length: 23 }, (_, i) => new Date(Date.UTC(2025, i, 15))).filter(
    (d) => d.toISOString().slice(0, 7) !== '2026-10',
  );
  await db.visit.createMany({
    data: months.map((d) => ({
      childId: children.xiaomingB.id,
      visitedOn: d,
      staffId: staff.zrB.id,
      kind: 'home' as const,
    })),
  });
  // 张小明 (zr_a, yellow since 1 Oct): twice in October, once in November: November is short.
  await db.serviceSession.createMany({
    data: ['2026-10-08', '2026-10-22', '2026-11-12'].map((d) => ({
      childId: children.xiaoming.id,
      servedOn: day(d),
      staffId: staff.zrA.id,
      type: 'counselling' as const,
      recipient: 'child' as const,
    })),
  });
  await db.visit.create({
    data: {
      childId: children.xiaoming.id,
      visitedOn: day('2026-10-15'),
      staffId: staff.zrA.id,
      kind: 'home',
    },
  });

  const child = async (
    name: string,
    birth: string,
    seq: string,
    directorId: number,
    streetId: number,
    communityId: number,
    category: { code: 'C2b' | 'C5a'; evidenceUntil?: string; endedOn?: string },
    level: number,
    levelStart: string,
  ) => {
    const idNumber = testId(birth, seq);
    const row = await db.child.create({
      data: {
        name,
        idNumber,
        ...childSearchKeys(name, idNumber),
        sex: 'male',
        birthDate: day(birth),
        streetId,
        communityId,
        directorId,
        categories: {
          create: {
            code: category.code,
            startsOn: day('2024-01-01'),
            evidenceUntil: category.evidenceUntil ? day(category.evidenceUntil) : undefined,
            endedOn: category.endedOn ? day(category.endedOn) : undefined,
          },
        },
      },
    });
    const assessment = await db.assessment.create({
      data: { childId: row.id, assessedOn: day(levelStart), assessorId: staff.ddP.id, tier: level },
    });
    await db.protectionPeriod.create({
      data: { childId: row.id, level, startOn: day(levelStart), assessmentId: assessment.id },
    });
    // Home visits in November and December keep the green duties quiet.
    await db.visit.createMany({
      data: ['2026-11-10', '2026-12-01'].map((d) => ({
        childId: row.id,
        visitedOn: day(d),
        staffId: directorId,
        kind: 'home' as const,
      })),
    });
    return { id: row.id, name };
  };

  const extra = {
    // 平江路's director left: the supervisor looks after 陈浩 (blue since September, no November service).
    orphan: await child('陈浩', '2014-04-04', '611', staff.gone.id, p, pjl, { code: 'C2b' }, 3, '2026-09-01'),
    // 南门: the one category rests on a 低保 certificate that ran out on 30 November.
    lapsed: await child(
      '周小雨',
      '2013-02-02',
      '622',
      staff.zrC.id,
      c,
      nm,
      { code: 'C5a', evidenceUntil: '2026-11-30' },
      4,
      '2026-11-01',
    ),
    // Turned 18 on 20 November and still on the register.
    adult: await child('孙大伟', '2008-11-20', '633', staff.zrB.id, p, pjl, { code: 'C2b' }, 4, '2026-11-01'),
    // Turns 18 on 20 December.
    soon18: await child('吴佳怡', '2008-12-20', '644', staff.zrC.id, c, nm, { code: 'C2b' }, 4, '2026-11-01'),
    // Category ended on 15 November: no longer counts.
    noCategory: await child(
      '郑子涵',
      '2015-06-06',
      '655',
      staff.zrC.id,
      c,
      nm,
      { code: 'C5a', endedOn: '2026-11-15' },
      4,
      '2026-11-01',
    ),
  };

  const report = (childId: number | null, childName: string, reportedAt: string, reporterId: number) =>
    db.urgentReport.create({
      data: {
        childId,
        childName,
        reportedAt: new Date(reportedAt),
        reporterId,
        content: '邻居反映孩子无人照看',
      },
    });
  const urgent = {
    late: (await report(children.wangfang.id, '王芳', '2026-12-01T09:00:00+08:00', staff.zrA.id)).id,
    fresh: (await report(children.xiaohong.id, '李小红', '2026-12-03T07:30:00+08:00', staff.zrC.id)).id,
    closed: (await report(children.xiaoming.id, '张小明', '2026-11-28T10:00:00+08:00', staff.zrA.id)).id,
    assessed: (await report(children.xiaomingB.id, '张小明', '2026-11-29T10:00:00+08:00', staff.zrB.id)).id,
    unlinked: (await report(null, '小胖', '2026-11-30T16:00:00+08:00', staff.zrB.id)).id,
  };
  await db.urgentReport.update({
    where: { id: urgent.closed },
    data: { status: 'closed', closedAt: new Date('2026-11-28T12:00:00+08:00'), closedById: staff.ddP.id },
  });
  // 张小明 (zr_b) was reassessed green the day after the report: that answers it (R6.1).
  await db.assessment.create({
    data: {
      childId: children.xiaomingB.id,
      assessedOn: day('2026-11-30'),
      assessorId: staff.ddP.id,
      tier: 4,
      createdAt: new Date('2026-11-30T10:00:00+08:00'),
    },
  });

  await db.subsidyApplication.create({
    data: {
      streetId: p,
      applicantName: '刘美玲',
      idNumber: testId('2017-08-08', '777'),
      category: 'C5a',
      receivedOn: day('2026-11-28'),
    },
  });
  // 沧浪 had its spot check in May; 平江 none this year.
  await db.visit.create({
    data: {
      childId: children.xiaohong.id,
      visitedOn: day('2026-05-12'),
      staffId: staff.qu.id,
      kind: 'spot_check',
    },
  });
  // 沧浪 recorded December's payment; 平江 did not.
  await db.paymentBatch.create({
    data: {
      streetId: c,
      month: day('2026-12-01'),
      paidOn: day('2026-12-02'),
      late: false,
      children: 4,
      total: 2400,
      recordedById: staff.qu.id,
    },
  });

  return { ...district, streets: { pingjiang: p, canglang: c }, extra, urgent };
}
