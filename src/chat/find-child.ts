// Finding the child a message is about: by name, by pinyin initials (zxm), or by the last
// four characters of the ID number; always inside the person's scope, so a child outside it
// is simply "not found".
import { Prisma } from '@prisma/client';
import type { Db } from '../db/client.js';
import { childScope, childScopeSql, type StaffUser } from './scope.js';

/** The fields of a match, for a numbered list or the command that goes on with it. */
export const CHILD_CARD_SELECT = {
  id: true,
  name: true,
  sex: true,
  birthDate: true,
  idNumber: true,
  registerStatus: true,
  community: { select: { name: true } },
} satisfies Prisma.ChildSelect;

export type ChildHit = Prisma.ChildGetPayload<{ select: typeof CHILD_CARD_SELECT }>;

export type FindResult =
  | { kind: 'one'; child: ChildHit; rest: string }
  | { kind: 'many'; children: ChildHit[]; rest: string }
  | { kind: 'none'; suggestions: string[] };

const MAX_LISTED = 9;

/**
 * Reads the child reference at the start of `text` ("张小明 昨天 …", "张小明昨天 …", "zxm …",
 * "1234 …") and finds the matching children in scope. `rest` is the text after the reference.
 */
export async function findChild(db: Db, user: StaffUser, text: string): Promise<FindResult> {
  const [first = '', ...others] = text.trim().split(' ');
  const rest = others.join(' ');

  let condition: Prisma.Sql | undefined;
  if (/^\d{3}[\dXx]$/.test(first)) condition = Prisma.sql`c."idTail" = ${first.toUpperCase()}`;
  else if (/^[A-Za-z]{2,6}$/.test(first)) condition = Prisma.sql`c."nameInitials" = ${first.toLowerCase()}`;
  else if (first) condition = Prisma.sql`c.name = ${first}`;

  if (condition) {
    const hits = await matches(db, user, condition);
    if (hits.length === 1) return { kind: 'one', child: hits[0]!, rest };
    if (hits.length > 1) return { kind: 'many', children: hits.slice(0, MAX_LISTED), rest };
  }

  // A name glued to what follows it: 张小明昨天 → 张小明 + 昨天. Longest name first.
  if (/^\p{Script=Han}{3,}/u.test(first)) {
    const prefixes: string[] = [];
    for (let cut = Math.min(first.length - 1, 5); cut >= 2; cut--) prefixes.push(first.slice(0, cut));
    const hits = await matches(db, user, Prisma.sql`c.name = ANY(${prefixes})`);
    const longest = hits.reduce((n, h) => Math.max(n, h.name.length), 0);
    const best = hits.filter((h) => h.name.length === longest);
    const tail = [first.slice(longest), rest].filter(Boolean).join(' ');
    if (best.length === 1) return { kind: 'one', child: best[0]!, rest: tail };
    if (best.length > 1) return { kind: 'many', children: best.slice(0, MAX_LISTED), rest: tail };
  }

  return { kind: 'none', suggestions: await suggestNames(db, childScope(user), first) };
}

interface HitRow {
  id: number;
  name: string;
  sex: ChildHit['sex'];
  birthDate: string;
  idNumber: string;
  registerStatus: ChildHit['registerStatus'];
  community: string;
}

/** Children in scope matching a condition, children on the register first. One round trip. */
async function matches(db: Db, user: StaffUser, condition: Prisma.Sql): Promise<ChildHit[]> {
  const rows = await db.$queryRaw<HitRow[]>`
    SELECT c.id, c.name, c.sex::text AS sex, c."birthDate"::text AS "birthDate", c."idNumber",
           c."registerStatus"::text AS "registerStatus", cm.name AS community
      FROM "Child" c JOIN "Community" cm ON cm.id = c."communityId"
     WHERE ${childScopeSql(user)} AND ${condition}
     ORDER BY c."registerStatus", c.id
     LIMIT ${MAX_LISTED + 1}`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    sex: r.sex,
    birthDate: new Date(`${r.birthDate}T00:00:00Z`),
    idNumber: r.idNumber,
    registerStatus: r.registerStatus,
    community: { name: r.community },
  }));
}

/** Up to three names in scope that look like what was typed (sharing its characters). */
async function suggestNames(db: Db, scope: Prisma.ChildWhereInput, typed: string): Promise<string[]> {
  const chars = [...new Set([...typed].filter((c) => /\p{Script=Han}/u.test(c)))].slice(0, 4);
  if (chars.length === 0) return [];
  const candidates = await db.child.findMany({
    where: { AND: [scope, { OR: chars.map((c) => ({ name: { contains: c } })) }] },
    select: { name: true },
    take: 200,
  });
  const score = (name: string) =>
    [...name].filter((c) => typed.includes(c)).length - Math.abs(name.length - typed.length) / 10;
  return [...new Set(candidates.map((c) => c.name))].sort((a, b) => score(b) - score(a)).slice(0, 3);
}
