// `npm run export`: the register written back in the roster's own layout, so that the file
// imports again without changes, followed by a few columns summarising each child's file
// (一人一档): protection level, review date, last visit, visits and case-service sessions.
import type { Prisma } from '@prisma/client';
import ExcelJS from 'exceljs';
import { dayOf } from '../casework/history.js';
import type { Db } from '../db/client.js';
import { LEVEL_LABELS, type Level, SEX_LABELS } from '../policy/index.js';
import { formatGuardian } from './cell-words.js';
import { COLUMNS, SUMMARY_HEADERS } from './headers.js';
import { tierText } from './roster-plan.js';

export interface ExportOptions {
  /** only this street's children */
  street?: string;
}

const include = {
  street: { select: { name: true } },
  community: { select: { name: true } },
  director: { select: { userid: true } },
  guardians: { where: { endedOn: null, isPrimary: true }, orderBy: { id: 'desc' }, take: 1 },
  categories: { where: { endedOn: null }, select: { code: true } },
  assessments: { where: { voidedAt: null }, orderBy: [{ assessedOn: 'desc' }, { id: 'desc' }], take: 1 },
  periods: {
    where: { voidedAt: null, endedOn: null },
    orderBy: [{ startOn: 'desc' }, { id: 'desc' }],
    take: 1,
  },
  visits: { where: { voidedAt: null }, orderBy: { visitedOn: 'desc' }, take: 1, select: { visitedOn: true } },
  _count: { select: { visits: { where: { voidedAt: null } }, services: { where: { voidedAt: null } } } },
} satisfies Prisma.ChildInclude;

type ExportedChild = Prisma.ChildGetPayload<{ include: typeof include }>;

/** Writes the register to `file`; returns how many children it holds. */
export async function exportRoster(db: Db, file: string, options: ExportOptions = {}): Promise<number> {
  const children = await db.child.findMany({
    where: { registerStatus: 'in_register', ...(options.street ? { street: { name: options.street } } : {}) },
    include,
    orderBy: [{ streetId: 'asc' }, { communityId: 'asc' }, { name: 'asc' }, { id: 'asc' }],
  });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('困境儿童名册');
  sheet.columns = [...COLUMNS.map((c) => c.header), ...SUMMARY_HEADERS].map((header) => ({
    header,
    width: header === '身份证号' || header === '家庭住址' ? 22 : 12,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  // Text format keeps Excel from turning the 18-digit ID numbers into rounded numbers.
  sheet.getColumn(2).numFmt = '@';
  for (const child of children) sheet.addRow(toRow(child));
  await workbook.xlsx.writeFile(file);
  return children.length;
}

function toRow(c: ExportedChild): string[] {
  const guardian = c.guardians[0];
  const assessment = c.assessments[0];
  const period = c.periods[0];
  const lastVisit = c.visits[0];
  return [
    c.name,
    c.idNumber,
    SEX_LABELS[c.sex],
    dayOf(c.birthDate),
    c.street.name,
    c.community.name,
    c.categories
      .map((x) => x.code)
      .sort()
      .join('、'),
    assessment ? tierText(assessment.tier as Level) : '',
    assessment ? dayOf(assessment.assessedOn) : '',
    c.director?.userid ?? '',
    formatGuardian(guardian),
    guardian?.phone ?? '',
    c.address,
    c.parentNote,
    period ? LEVEL_LABELS[period.level as Level] : '',
    period?.reviewOn ? dayOf(period.reviewOn) : '',
    lastVisit ? dayOf(lastVisit.visitedOn) : '',
    String(c._count.visits),
    String(c._count.services),
  ];
}
