// The staff directory from the operator's side: add, list, move and deactivate people, with
// streets and communities created on first mention. Each change is one transaction with its
// audit entry (via 'cli'). Deactivating keeps the person's children and their directorId, so
// nothing is lost and the digest shows them as having no director until reassigned.
import type { Prisma, StaffRole } from '@prisma/client';
import { writeAudit } from '../casework/audit.js';
import type { Db } from '../db/client.js';
import { STAFF_ROLE_LABELS } from '../policy/index.js';
import { OperatorError } from './operator.js';

type Tx = Prisma.TransactionClient;

export const ROLES = ['director', 'supervisor', 'street', 'district'] as const;

export interface PlaceInput {
  street?: string;
  community?: string;
}

export interface StaffInput extends PlaceInput {
  userid: string;
  name: string;
  role: StaffRole;
}

export function isRole(value: string | undefined): value is StaffRole {
  return (ROLES as readonly string[]).includes(value ?? '');
}

/** Which places a role needs: a director a community, supervisors and street staff a street. */
export function checkPlaceForRole(role: StaffRole, place: PlaceInput): void {
  if (role === 'director' && (!place.street || !place.community)) {
    throw new OperatorError('儿童主任需要 --street <街道> 和 --community <社区>。');
  }
  if ((role === 'supervisor' || role === 'street') && !place.street) {
    throw new OperatorError(`${STAFF_ROLE_LABELS[role]}需要 --street <街道>。`);
  }
  if (place.community && !place.street) throw new OperatorError('写了 --community 就要同时写 --street。');
}

/** The street and community by name, created on first mention; `lines` gets a line for each creation. */
export async function ensurePlace(
  tx: Tx,
  place: PlaceInput,
  lines: string[],
  actorId: number | null,
): Promise<{ streetId: number | null; communityId: number | null }> {
  if (!place.street) return { streetId: null, communityId: null };
  let district = await tx.district.findFirst({ orderBy: { id: 'asc' } });
  if (!district) {
    district = await tx.district.create({ data: { name: '本区' } });
    lines.push('已新建区：本区');
  }
  const streetName = place.street.trim();
  let street = await tx.street.findFirst({ where: { name: streetName } });
  if (!street) {
    street = await tx.street.create({ data: { districtId: district.id, name: streetName } });
    lines.push(`已新建街道：${streetName}`);
    await writeAudit(tx, {
      actorId,
      via: 'cli',
      action: 'street.create',
      entity: 'Street',
      entityId: street.id,
      after: street,
    });
  }
  if (!place.community) return { streetId: street.id, communityId: null };
  const communityName = place.community.trim();
  let community = await tx.community.findFirst({ where: { streetId: street.id, name: communityName } });
  if (!community) {
    community = await tx.community.create({ data: { streetId: street.id, name: communityName } });
    lines.push(`已新建社区：${streetName} ${communityName}`);
    await writeAudit(tx, {
      actorId,
      via: 'cli',
      action: 'community.create',
      entity: 'Community',
      entityId: community.id,
      after: community,
    });
  }
  return { streetId: street.id, communityId: community.id };
}

export async function addStaff(db: Db, input: StaffInput, actorId: number | null): Promise<string[]> {
  checkPlaceForRole(input.role, input);
  const existing = await db.staff.findUnique({ where: { userid: input.userid } });
  if (existing) {
    const state = existing.active ? '' : '（已停用）';
    throw new OperatorError(`${input.userid} 已登记为 ${existing.name}${state}；调整街道社区请用 move。`);
  }
  const lines: string[] = [];
  await db.$transaction(async (tx) => {
    const place = await ensurePlace(tx, input, lines, actorId);
    const staff = await tx.staff.create({
      data: { userid: input.userid, name: input.name, role: input.role, ...place },
    });
    await writeAudit(tx, {
      actorId,
      via: 'cli',
      action: 'staff.create',
      entity: 'Staff',
      entityId: staff.id,
      after: staff,
    });
  });
  lines.push(
    `已添加：${input.name}（${input.userid}），${STAFF_ROLE_LABELS[input.role]}${placeText(input)}。`,
  );
  return lines;
}

export async function moveStaff(
  db: Db,
  userid: string,
  place: PlaceInput,
  actorId: number | null,
): Promise<string[]> {
  const staff = await findStaff(db, userid);
  checkPlaceForRole(staff.role, place);
  const lines: string[] = [];
  await db.$transaction(async (tx) => {
    const ids = await ensurePlace(tx, place, lines, actorId);
    const after = await tx.staff.update({ where: { id: staff.id }, data: ids });
    await writeAudit(tx, {
      actorId,
      via: 'cli',
      action: 'staff.move',
      entity: 'Staff',
      entityId: staff.id,
      before: staff,
      after,
    });
  });
  const where = [place.street, place.community].filter(Boolean).join(' ') || '全区';
  lines.push(`已调整：${staff.name}（${userid}）现在在${where}。`);
  if (staff.role === 'director') {
    const children = await db.child.count({ where: { directorId: staff.id, registerStatus: 'in_register' } });
    if (children > 0) {
      lines.push(`其名下 ${children} 名儿童仍由其负责；如需改派，请在名册中改写“儿童主任”后重新导入。`);
    }
  }
  return lines;
}

export async function deactivateStaff(db: Db, userid: string, actorId: number | null): Promise<string[]> {
  const staff = await findStaff(db, userid);
  if (!staff.active) return [`${staff.name}（${userid}）已是停用状态，未做更改。`];
  await db.$transaction(async (tx) => {
    const after = await tx.staff.update({ where: { id: staff.id }, data: { active: false } });
    await writeAudit(tx, {
      actorId,
      via: 'cli',
      action: 'staff.deactivate',
      entity: 'Staff',
      entityId: staff.id,
      before: { active: true },
      after: { active: after.active },
    });
  });
  const lines = [`已停用：${staff.name}（${userid}）。此后不再给其推送每日简报，也不能再使用机器人。`];
  const children = await db.child.count({ where: { directorId: staff.id, registerStatus: 'in_register' } });
  if (children > 0) {
    lines.push(
      `其名下 ${children} 名儿童的档案全部保留，在督导员的简报中显示为“无儿童主任”，请尽快在名册中改派并重新导入。`,
    );
  }
  return lines;
}

export interface ListOptions {
  street?: string;
  /** include deactivated people */
  all?: boolean;
}

export async function listStaff(db: Db, options: ListOptions = {}): Promise<string[]> {
  const people = await db.staff.findMany({
    where: {
      ...(options.all ? {} : { active: true }),
      ...(options.street ? { street: { name: options.street } } : {}),
    },
    include: {
      street: true,
      community: true,
      _count: { select: { children: { where: { registerStatus: 'in_register' } } } },
    },
    orderBy: [{ street: { name: 'asc' } }, { role: 'asc' }, { userid: 'asc' }],
  });
  if (people.length === 0) return ['没有符合条件的工作人员。'];
  const lines = [`共 ${people.length} 人：`];
  for (const p of people) {
    const place = [p.street?.name, p.community?.name].filter(Boolean).join(' ') || '全区';
    const children = p.role === 'director' ? `，${p._count.children} 名儿童` : '';
    const state = p.active ? '' : '，已停用';
    lines.push(`  ${p.userid}  ${p.name}  ${STAFF_ROLE_LABELS[p.role]}  ${place}${children}${state}`);
  }
  return lines;
}

async function findStaff(db: Db, userid: string) {
  const staff = await db.staff.findUnique({ where: { userid } });
  if (!staff) throw new OperatorError(`系统中没有 ${userid}。可用 npm run staff -- list 查看。`);
  return staff;
}

function placeText(place: PlaceInput): string {
  const parts = [place.street, place.community].filter(Boolean);
  return parts.length > 0 ? `，${parts.join(' ')}` : '';
}
