// `npm run demo`: a realistic demo district in an empty database, with histories relative
// to today so that the digest and the to-do list have something to show: some visits
// overdue, some due this week, reviews coming up, two 18th birthdays next month.
import type { CategoryCode, ParentStatus, Prisma, ServiceType, StaffRole } from '@prisma/client';
import { childSearchKeys } from '../casework/child-keys.js';
import type { Db } from '../db/client.js';
import {
  addDays,
  addMonths,
  CASE_SERVICE_TYPES,
  CATEGORY_CODES,
  daysBetween as dayDiff,
  idCheckCharacter,
  type Level,
  type LocalDate,
  MINIMUM_PERIOD_MONTHS,
  type PeriodKind,
  periodOf,
} from '../policy/index.js';
import {
  ADULT_GIVEN,
  DISTRICT,
  GIVEN_BOY,
  GIVEN_GIRL,
  REPORT_TEXTS,
  ROADS,
  STREETS,
  SURNAMES,
} from './names.js';

/** The database is not empty; `userMessage` says so to the operator. */
export class DemoRefused extends Error {
  get userMessage(): string {
    return this.message;
  }
}

export interface DemoSummary {
  streets: number;
  communities: number;
  staff: number;
  children: number;
  assessments: number;
  visits: number;
  services: number;
}

const CHILDREN = 150;
const ALL_CODES: readonly CategoryCode[] = CATEGORY_CODES;

/** Parent statuses that make each C1–C3 sub-type true (R1.3); others have parents present. */
const PARENTS: Partial<Record<CategoryCode, [ParentStatus, ParentStatus]>> = {
  C1a: ['unknown', 'unknown'],
  C1b: ['dead', 'dead'],
  C1c: ['dead', 'missing'],
  C2a: ['imprisoned', 'rehab'],
  C2b: ['dead', 'imprisoned'],
  C2c: ['imprisoned', 'abandoned'],
  C2d: ['abandoned', 'abandoned'],
  C2e: ['present', 'present'],
  C3a: ['severely_disabled', 'seriously_ill'],
  C3b: ['seriously_ill', 'dead'],
  C3c: ['present', 'present'],
};

const EVIDENCE: Record<string, string> = {
  C1: '死亡证明、法院宣告失踪判决书',
  C2: '服刑/强制隔离戒毒通知书，村(居)委会证明',
  C3: '残疾证、重病诊断证明',
  C4: '残疾证或医院诊断证明、医保结算单',
  C5: '低保证/特困供养证/建档立卡证明',
  C6: '派出所、学校或社区出具的情况说明',
};

/** R3: the case services that count towards a level's frequency. */
const CHILD_SERVICES: readonly ServiceType[] = [...CASE_SERVICE_TYPES];

/** Fills an empty database; refuses (DemoRefused) when any child or staff member exists. */
export async function fillDemo(db: Db, today: LocalDate, seed = 20261203): Promise<DemoSummary> {
  const [children, staff] = await Promise.all([db.child.count(), db.staff.count()]);
  if (children > 0 || staff > 0) {
    throw new DemoRefused(
      `数据库不是空的（已有 ${children} 名儿童、${staff} 名工作人员），演示数据只能装入空数据库。` +
        '如需重来，请停止服务后删除 ./data/ 目录（会删除所有数据），或换一个 DATABASE_URL。',
    );
  }
  const rnd = mulberry32(seed);
  return db.$transaction(async (tx) => build(tx, today, rnd), { timeout: 120_000 });
}

async function build(
  tx: Prisma.TransactionClient,
  today: LocalDate,
  rnd: () => number,
): Promise<DemoSummary> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const district = await tx.district.create({ data: { name: DISTRICT } });

  const staffRows: Prisma.StaffCreateManyInput[] = [];
  const communities: { id: number; streetId: number; slug: string; streetSlug: string; name: string }[] = [];
  for (const s of STREETS) {
    const street = await tx.street.create({ data: { districtId: district.id, name: s.name } });
    staffRows.push(staff(`dd_${s.slug}`, `${pick(SURNAMES)}${pick(ADULT_GIVEN)}`, 'supervisor', street.id));
    staffRows.push(staff(`jd_${s.slug}`, `${pick(SURNAMES)}${pick(ADULT_GIVEN)}`, 'street', street.id));
    for (const c of s.communities) {
      const community = await tx.community.create({ data: { streetId: street.id, name: c.name } });
      communities.push({
        id: community.id,
        streetId: street.id,
        slug: c.slug,
        streetSlug: s.slug,
        name: c.name,
      });
      staffRows.push(
        staff(`zr_${c.slug}`, `${pick(SURNAMES)}${pick(ADULT_GIVEN)}`, 'director', street.id, community.id),
      );
    }
  }
  staffRows.push(staff('qu_wang', '王卫东', 'district'));
  staffRows.push(staff('qu_li', '李红梅', 'district'));
  const people = await tx.staff.createManyAndReturn({ data: staffRows });
  const byUserid = new Map(people.map((p) => [p.userid, p]));
  const director = (slug: string) => byUserid.get(`zr_${slug}`)!;
  const supervisor = (slug: string) => byUserid.get(`dd_${slug}`)!;

  // Tiers: 15 red, 30 yellow, 45 blue, 60 green, shuffled over the communities.
  const tiers = [
    ...Array(15).fill(1),
    ...Array(30).fill(2),
    ...Array(45).fill(3),
    ...Array(60).fill(4),
  ] as number[];
  const childRows: Prisma.ChildCreateManyInput[] = [];
  const plans: ChildPlan[] = [];
  for (let i = 0; i < CHILDREN; i++) {
    const community = communities[i % communities.length]!;
    const male = rnd() < 0.5;
    const code = i < ALL_CODES.length ? ALL_CODES[i]! : pick(ALL_CODES);
    const birthDate = birthDateFor(i, today, rnd);
    const tier = tiers[(i * 7) % tiers.length]!;
    const [father, mother] = PARENTS[code] ?? ['present', 'present'];
    const name = `${pick(SURNAMES)}${pick(male ? GIVEN_BOY : GIVEN_GIRL)}`;
    const id = idNumber(birthDate, i, male);
    childRows.push({
      name,
      idNumber: id,
      ...childSearchKeys(name, id),
      sex: male ? 'male' : 'female',
      birthDate: asDate(birthDate),
      streetId: community.streetId,
      communityId: community.id,
      address: `${pick(ROADS)}${1 + Math.floor(rnd() * 200)}号${1 + Math.floor(rnd() * 6)}0${1 + Math.floor(rnd() * 4)}室`,
      directorId: director(community.slug).id,
      fatherStatus: father,
      motherStatus: mother,
      fatherStatusSince: father === 'present' || father === 'unknown' ? null : asDate(addMonths(today, -30)),
      motherStatusSince: mother === 'present' || mother === 'unknown' ? null : asDate(addMonths(today, -30)),
    });
    plans.push({ code, tier, birthDate, community, index: i });
  }
  const kids = await tx.child.createManyAndReturn({
    data: childRows,
    select: { id: true, name: true, streetId: true },
  });

  const guardians: Prisma.GuardianCreateManyInput[] = [];
  const categories: Prisma.ChildCategoryCreateManyInput[] = [];
  const visits: Prisma.VisitCreateManyInput[] = [];
  const services: Prisma.ServiceSessionCreateManyInput[] = [];
  let assessments = 0;

  for (const [k, kid] of kids.entries()) {
    const plan = plans[k]!;
    const dir = director(plan.community.slug);
    const sup = supervisor(plan.community.streetSlug);
    const relation = pick(['祖母', '祖父', '外婆', '外公', '姑妈', '叔叔', '舅舅', '母亲', '父亲']);
    guardians.push({
      childId: kid.id,
      name: `${pick(SURNAMES)}${pick(ADULT_GIVEN)}`,
      relation,
      phone: `1${pick(['38', '39', '58', '59', '37', '86'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`,
      isPrimary: true,
    });
    const categoryStart = addMonths(today, -(8 + Math.floor(rnd() * 30)));
    categories.push({
      childId: kid.id,
      code: plan.code,
      evidence: EVIDENCE[plan.code.slice(0, 2)] ?? '',
      startsOn: asDate(categoryStart),
      confirmedById: sup.id,
    });
    if (plan.index % 9 === 4) {
      categories.push({
        childId: kid.id,
        code: 'C5a',
        evidence: EVIDENCE.C5!,
        startsOn: asDate(categoryStart),
        confirmedById: sup.id,
      });
    }

    // The current level's start. Levels 1–3 were mostly reassessed within their minimum
    // period (review upcoming); a few have the review within 14 days and a few are past it.
    const min = minimumMonths(plan.tier);
    let start: LocalDate;
    if (min > 0 && plan.index % 10 === 3) start = addDays(addMonths(today, -min), 1 + (plan.index % 12));
    else if (min > 0 && plan.index % 13 === 6) start = addDays(addMonths(today, -min), -20);
    else if (min > 0) start = addDays(today, -(20 + Math.floor(rnd() * (min * 30 - 40))));
    else start = addDays(today, -(20 + Math.floor(rnd() * 400)));
    if (start < categoryStart) start = addDays(categoryStart, 7);

    // An earlier period for some, always a move the notice allows (R3.1–R3.3).
    const history: { tier: number; start: LocalDate }[] = [];
    const earlier = plan.tier === 4 ? 3 : plan.tier === 3 ? 2 : plan.tier === 2 ? 3 : 0;
    const earlierStart = addMonths(start, -(minimumMonths(earlier || 4) || 6) - 1);
    if (earlier && plan.index % 3 === 0 && earlierStart > categoryStart)
      history.push({ tier: earlier, start: earlierStart });
    history.push({ tier: plan.tier, start });

    for (const [h, step] of history.entries()) {
      const next = history[h + 1];
      const assessment = await tx.assessment.create({
        data: {
          childId: kid.id,
          assessedOn: asDate(step.start),
          assessorId: sup.id,
          tier: step.tier,
          guardianshipNote: step.tier <= 2 ? '监护严重不足' : '监护基本到位',
          physicalNote: step.tier === 1 ? '存在较强生理危机' : '身体状况一般',
          behaviourNote: step.tier <= 3 ? '行为存在一定困难' : '行为正常',
          reason: h === 0 ? '首次评估' : '复评',
        },
      });
      const reviewMonths = minimumMonths(step.tier);
      await tx.protectionPeriod.create({
        data: {
          childId: kid.id,
          level: step.tier,
          startOn: asDate(step.start),
          reviewOn: reviewMonths ? asDate(addMonths(step.start, reviewMonths)) : null,
          endedOn: next ? asDate(next.start) : null,
          assessmentId: assessment.id,
        },
      });
      assessments++;

      // Records for each calendar period of this level. An earlier level is judged to the end
      // of the period in which it changed (R4.5), so its records run to that period's end.
      // Only the current level has gaps: some current periods still open (due), some past
      // ones missed (overdue).
      const current = !next;
      const last = next ? periodEnd(visitUnit(step.tier), next.start) : today;
      const gaps = {
        visitNow: current && plan.index % 4 === 1,
        visitPast: current && plan.index % 11 === 5,
        serviceNow: current && plan.index % 5 === 2,
      };
      for (const [from, to, isCurrent] of periods(visitUnit(step.tier), step.start, last, today)) {
        if (isCurrent && gaps.visitNow) continue;
        if (!isCurrent && gaps.visitPast && to > addMonths(today, -4)) continue;
        visits.push({
          childId: kid.id,
          visitedOn: asDate(addDays(from, Math.floor(rnd() * (dayDiff(from, to) + 1)))),
          staffId: rnd() < 0.8 ? dir.id : sup.id,
          kind: 'home',
          childSeen: rnd() < 0.92,
          notes: pick(['孩子在家，情况稳定', '与监护人沟通学习情况', '家中卫生改善', '孩子上学，与奶奶交谈']),
        });
      }
      // Case services to the child for levels 1–3 (R3): weekly, twice a month, monthly.
      if (step.tier > 3) continue;
      const serviceUnit = step.tier === 1 ? 'week' : 'month';
      const perPeriod = step.tier === 2 ? 2 : 1;
      const serviceLast = next ? periodEnd(serviceUnit, next.start) : today;
      for (const [from, to, isCurrent] of periods(serviceUnit, step.start, serviceLast, today)) {
        if (isCurrent && gaps.serviceNow) continue;
        const count = isCurrent ? 1 : perPeriod;
        for (let n = 0; n < count; n++) {
          services.push({
            childId: kid.id,
            servedOn: asDate(addDays(from, Math.floor(rnd() * (dayDiff(from, to) + 1)))),
            staffId: dir.id,
            type: pick(CHILD_SERVICES),
            recipient: 'child',
            notes: '个案服务',
          });
        }
      }
    }
  }

  await tx.guardian.createMany({ data: guardians });
  await tx.childCategory.createMany({ data: categories });
  await tx.visit.createMany({ data: visits });
  await tx.serviceSession.createMany({ data: services });
  await addSpotChecksReportsAndMoney(tx, today, kids, plans, byUserid, rnd);
  await tx.auditEntry.create({
    data: {
      via: 'demo',
      action: 'demo.fill',
      entity: 'district',
      entityId: String(district.id),
      after: {
        children: kids.length,
        staff: people.length,
        visits: visits.length,
        services: services.length,
        today,
      },
    },
  });

  return {
    streets: STREETS.length,
    communities: communities.length,
    staff: people.length,
    children: kids.length,
    assessments,
    visits: visits.length,
    services: services.length,
  };
}

async function addSpotChecksReportsAndMoney(
  tx: Prisma.TransactionClient,
  today: LocalDate,
  kids: { id: number; name: string; streetId: number }[],
  plans: ChildPlan[],
  byUserid: Map<string, { id: number }>,
  rnd: () => number,
): Promise<void> {
  const districtStaff = byUserid.get('qu_wang')!;
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const span = Math.max(0, dayDiff(yearStart, today));
  // R4.3: this year's spot-checks cover two of the three streets, so one shows up as missing.
  const checked = kids.filter((_, k) => plans[k]!.community.streetSlug !== 'st').slice(0, 6);
  await tx.visit.createMany({
    data: checked.map((kid) => ({
      childId: kid.id,
      visitedOn: asDate(addDays(yearStart, Math.floor(rnd() * (span + 1)))),
      staffId: districtStaff.id,
      kind: 'spot_check' as const,
      notes: '区民卫局入户抽查',
    })),
  });

  // R6.1: two open urgent reports (one older than 24 hours) and one closed.
  const reporter = byUserid.get(`zr_${plans[0]!.community.slug}`)!;
  const now = Date.now();
  for (const [n, text] of REPORT_TEXTS.entries()) {
    const kid = kids[n * 13]!;
    const hoursAgo = [3, 30, 24 * 20][n]!;
    await tx.urgentReport.create({
      data: {
        childId: kid.id,
        childName: kid.name,
        reporterId: reporter.id,
        reportedAt: new Date(now - hoursAgo * 3600_000),
        content: text,
        status: n === 2 ? 'closed' : 'open',
        closedAt: n === 2 ? new Date(now - 24 * 18 * 3600_000) : null,
        closedById: n === 2 ? byUserid.get('dd_pj')!.id : null,
        closingNote: n === 2 ? '已联系亲属临时照料，转入一级保护' : '',
      },
    });
  }

  // R5.2: the last three months paid (monthly subsidy per child), this month not yet.
  const thisMonth = `${today.slice(0, 7)}-01`;
  const payments: Prisma.SubsidyPaymentCreateManyInput[] = [];
  for (let m = 3; m >= 1; m--) {
    const month = addMonths(thisMonth, -m);
    for (const [k, kid] of kids.entries()) {
      const code = plans[k]!.code;
      payments.push({
        childId: kid.id,
        streetId: kid.streetId,
        month: asDate(month),
        amount: code.startsWith('C1') ? '2600.00' : '1800.00',
        category: code,
        paidOn: asDate(addDays(month, 19)),
      });
    }
  }
  await tx.subsidyPayment.createMany({ data: payments });
  // R5.2: the standard amounts the demo months were paid at, from the first demo month on.
  await tx.subsidyRate.createMany({
    data: (['C1', 'C2', 'C3', 'C4', 'C5', 'C6'] as const).map((category) => ({
      category,
      fromMonth: asDate(addMonths(thisMonth, -3)),
      amount: category === 'C1' ? '2600.00' : '1800.00',
    })),
  });
  for (const s of STREETS) {
    const street = await tx.street.findFirstOrThrow({ where: { name: s.name } });
    const officer = byUserid.get(`jd_${s.slug}`)!;
    for (let m = 3; m >= 1; m--) {
      const month = addMonths(thisMonth, -m);
      const rows = payments.filter((p) => (p.month as Date).getTime() === asDate(month).getTime());
      const ofStreet = rows.filter(
        (p) => plans[kids.findIndex((k) => k.id === p.childId)]!.community.streetSlug === s.slug,
      );
      await tx.paymentBatch.create({
        data: {
          streetId: street.id,
          month: asDate(month),
          paidOn: asDate(addDays(month, 19)),
          late: false,
          children: ofStreet.length,
          total: ofStreet.reduce((sum, p) => sum + Number(p.amount), 0).toFixed(2),
          recordedById: officer.id,
        },
      });
    }
    // R5.1: one application waiting per street.
    const application = await tx.subsidyApplication.create({
      data: {
        streetId: street.id,
        applicantName: `${SURNAMES[s.slug.length * 3]}${GIVEN_GIRL[s.slug.length]}`,
        idNumber: idNumber(addMonths(today, -12 * 9), 900 + s.slug.charCodeAt(0), false),
        category: 'C5a',
        receivedOn: asDate(addDays(today, -9)),
      },
    });
    await tx.applicationStep.create({
      data: {
        applicationId: application.id,
        status: 'received',
        byId: officer.id,
        on: asDate(addDays(today, -9)),
        note: '材料齐全，已受理',
      },
    });
  }
}

interface ChildPlan {
  code: CategoryCode;
  tier: number;
  birthDate: LocalDate;
  community: { id: number; streetId: number; slug: string; streetSlug: string };
  index: number;
}

function staff(
  userid: string,
  name: string,
  role: StaffRole,
  streetId?: number,
  communityId?: number,
): Prisma.StaffCreateManyInput {
  return { userid, name, role, streetId: streetId ?? null, communityId: communityId ?? null };
}

/** Ages 1–17; children 7 and 8 turn 18 next month (on its 5th and 18th). */
function birthDateFor(i: number, today: LocalDate, rnd: () => number): LocalDate {
  const nextMonth = addMonths(`${today.slice(0, 7)}-01`, 1);
  if (i === 7 || i === 8) return addMonths(addDays(nextMonth, i === 7 ? 4 : 17), -12 * 18);
  const ageDays = 365 + Math.floor(rnd() * 365 * 16.5);
  return addDays(today, -ageDays);
}

/** A GB 11643 resident ID for Gusu district (320508) with a valid check digit. */
function idNumber(birth: LocalDate, i: number, male: boolean): string {
  const seq = (10 + (i % 80)) * 10 + (male ? 1 : 2) + 2 * (i % 4);
  const body = `320508${birth.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`;
  return body + idCheckCharacter(body);
}

/**
 * The calendar periods of `unit` from the one holding `start` to the one holding `last`, each
 * as [first day a record may fall on, last such day, whether it is today's period].
 */
function* periods(unit: PeriodKind, start: LocalDate, last: LocalDate, today: LocalDate) {
  for (let p = periodOf(unit, start).start; p <= last; p = addDays(periodOf(unit, p).end, 1)) {
    const { end } = periodOf(unit, p);
    const from = p < start ? start : p;
    const to = end > today ? today : end;
    if (from <= to) yield [from, to, end >= today] as const;
  }
}

function periodEnd(unit: PeriodKind, day: LocalDate): LocalDate {
  return periodOf(unit, day).end;
}

function minimumMonths(level: number): number {
  return MINIMUM_PERIOD_MONTHS[level as Level] ?? 0;
}

/** R4.2 periods; level 4 visits monthly as its follow-up (个案关注) asks, which also covers R4.2. */
function visitUnit(tier: number): PeriodKind {
  return tier === 1 || tier === 4 ? 'month' : tier === 2 ? 'quarter' : 'half';
}

function asDate(day: LocalDate): Date {
  return new Date(`${day}T00:00:00Z`);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
