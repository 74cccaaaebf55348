// `staff sync`: compare the WeCom contact book with the staff directory and say who is new,
// changed or gone. Streets and communities come from the department tree (a department named
// …街道/镇 is a street, …社区/村 below it a community); roles from the member's 职务.
// Nothing is written until the operator confirms; then each change is audited (via 'cli').
import type { StaffRole } from '@prisma/client';
import { writeAudit } from '../casework/audit.js';
import type { Db } from '../db/client.js';
import { STAFF_ROLE_LABELS } from '../policy/index.js';
import type { WecomApi, WecomDepartment, WecomMember } from '../wecom/api.js';
import { ensurePlace } from './staff.js';

export interface SyncPerson {
  userid: string;
  name: string;
  role: StaffRole | null;
  street?: string;
  community?: string;
  position: string;
}

export interface SyncChange {
  staffId: number;
  person: SyncPerson;
  changes: { field: string; from: string; to: string }[];
}

export interface SyncPlan {
  departments: number;
  members: number;
  added: SyncPerson[];
  /** new members whose role cannot be told from their 职务 */
  unclear: SyncPerson[];
  changed: SyncChange[];
  gone: { staffId: number; userid: string; name: string; children: number }[];
}

const STREET = /(街道|镇|乡)$/;
const COMMUNITY = /(社区|村|居委会|村委会)$/;

export async function planSync(
  db: Db,
  api: Pick<WecomApi, 'listDepartments' | 'listUsers'>,
): Promise<SyncPlan> {
  const departments = await api.listDepartments();
  const members = new Map<string, WecomMember>();
  for (const d of departments) {
    for (const m of await api.listUsers(d.id)) if (!members.has(m.userid)) members.set(m.userid, m);
  }
  const byId = new Map(departments.map((d) => [d.id, d]));
  const staff = await db.staff.findMany({ include: { street: true, community: true } });
  const known = new Map(staff.map((s) => [s.userid, s]));
  const plan: SyncPlan = {
    departments: departments.length,
    members: members.size,
    added: [],
    unclear: [],
    changed: [],
    gone: [],
  };

  for (const m of members.values()) {
    if (m.status !== 1) continue;
    const person = readMember(m, byId);
    const s = known.get(m.userid);
    if (!s) {
      (person.role ? plan.added : plan.unclear).push(person);
      continue;
    }
    if (!s.active) continue;
    const changes: SyncChange['changes'] = [];
    const diff = (field: string, from: string, to: string | undefined) => {
      if (to !== undefined && from !== to) changes.push({ field, from: from || '（无）', to });
    };
    diff('姓名', s.name, person.name);
    diff('街道', s.street?.name ?? '', person.street);
    diff('社区', s.community?.name ?? '', person.community);
    if (changes.length > 0) plan.changed.push({ staffId: s.id, person, changes });
  }
  for (const s of staff) {
    if (!s.active) continue;
    const m = members.get(s.userid);
    if (m && m.status === 1) continue;
    const children = await db.child.count({ where: { directorId: s.id, registerStatus: 'in_register' } });
    plan.gone.push({ staffId: s.id, userid: s.userid, name: s.name, children });
  }
  return plan;
}

function readMember(m: WecomMember, departments: Map<number, WecomDepartment>): SyncPerson {
  let street: string | undefined;
  let community: string | undefined;
  for (let d = departments.get(m.departments[0] ?? -1); d; d = departments.get(d.parentId)) {
    if (!community && !street && COMMUNITY.test(d.name)) community = d.name;
    else if (!street && STREET.test(d.name)) street = d.name;
  }
  let role: StaffRole | null = null;
  if (/儿童主任/.test(m.position) && community) role = 'director';
  else if (/督导/.test(m.position) && street) role = 'supervisor';
  else if (/民政/.test(m.position) && street) role = 'street';
  else if (!street && /民卫|民政|卫健|区/.test(m.position)) role = 'district';
  return {
    userid: m.userid,
    name: m.name,
    role,
    street,
    community: role === 'director' ? community : undefined,
    position: m.position,
  };
}

export function syncLines(plan: SyncPlan): string[] {
  const lines = [`企业微信通讯录：${plan.departments} 个部门、${plan.members} 名成员。`];
  const place = (p: SyncPerson) => [p.street, p.community].filter(Boolean).join(' ');
  if (plan.added.length > 0) {
    lines.push(`新成员 ${plan.added.length} 名（将添加）：`);
    for (const p of plan.added)
      lines.push(`  + ${p.userid} ${p.name} ${STAFF_ROLE_LABELS[p.role!]} ${place(p)}`.trimEnd());
  }
  if (plan.unclear.length > 0) {
    lines.push(
      `看不出角色的新成员 ${plan.unclear.length} 名（不添加；如需要，请用 npm run staff -- add 添加）：`,
    );
    for (const p of plan.unclear) lines.push(`  ? ${p.userid} ${p.name}（职务：${p.position || '空'}）`);
  }
  if (plan.changed.length > 0) {
    lines.push(`信息有变化 ${plan.changed.length} 名（将更新）：`);
    for (const c of plan.changed) {
      lines.push(
        `  ~ ${c.person.userid} ${c.person.name}：${c.changes.map((x) => `${x.field} ${x.from} → ${x.to}`).join('；')}`,
      );
    }
  }
  if (plan.gone.length > 0) {
    lines.push(`已不在通讯录或已被停用 ${plan.gone.length} 名（将停用，档案不删除）：`);
    for (const g of plan.gone) {
      const children = g.children > 0 ? `，名下 ${g.children} 名儿童将显示为“无儿童主任”，请尽快改派` : '';
      lines.push(`  - ${g.userid} ${g.name}${children}`);
    }
  }
  if (plan.added.length + plan.changed.length + plan.gone.length === 0) lines.push('没有需要应用的更改。');
  return lines;
}

export function hasChanges(plan: SyncPlan): boolean {
  return plan.added.length + plan.changed.length + plan.gone.length > 0;
}

export async function applySync(db: Db, plan: SyncPlan, actorId: number | null): Promise<string[]> {
  const lines: string[] = [];
  await db.$transaction(
    async (tx) => {
      for (const p of plan.added) {
        const place = await ensurePlace(tx, p, lines, actorId);
        const staff = await tx.staff.create({
          data: { userid: p.userid, name: p.name, role: p.role!, ...place },
        });
        await writeAudit(tx, {
          actorId,
          via: 'cli',
          action: 'staff.sync.create',
          entity: 'Staff',
          entityId: staff.id,
          after: staff,
        });
      }
      for (const c of plan.changed) {
        const before = await tx.staff.findUniqueOrThrow({ where: { id: c.staffId } });
        const place = c.person.street ? await ensurePlace(tx, c.person, lines, actorId) : {};
        const after = await tx.staff.update({
          where: { id: c.staffId },
          data: { name: c.person.name, ...place },
        });
        await writeAudit(tx, {
          actorId,
          via: 'cli',
          action: 'staff.sync.update',
          entity: 'Staff',
          entityId: c.staffId,
          before,
          after,
        });
      }
      for (const g of plan.gone) {
        await tx.staff.update({ where: { id: g.staffId }, data: { active: false } });
        await writeAudit(tx, {
          actorId,
          via: 'cli',
          action: 'staff.deactivate',
          entity: 'Staff',
          entityId: g.staffId,
          before: { active: true },
          after: { active: false, reason: 'not in the WeCom contact book' },
        });
      }
    },
    { timeout: 60_000 },
  );
  lines.push(
    `已应用：添加 ${plan.added.length} 名，更新 ${plan.changed.length} 名，停用 ${plan.gone.length} 名。`,
  );
  return lines;
}
