// Finding the child a message is about: by name, by pinyin initials (zxm), or by the last
// four characters of the ID number; always inside the person's scope, so a child outside it
// is simply "not found".
import type { Prisma } from '@prisma/client';
import type { Db } from '../db/client.js';
import { childScope, type StaffUser } from './scope.js';

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
  const scope = childScope(user);

  let where: Prisma.ChildWhereInput | undefined;
  if (/^\d{3}[\dXx]$/.test(first)) where = { idTail: first.toUpperCase() };
  else if (/^[A-Za-z]{2,6}$/.test(first)) where = { nameInitials: first.toLowerCase() };
  else if (first) where = { name: first };

  if (where) {
    const hits = await db.child.findMany({
      where: { AND: [scope, where] },
      select: CHILD_CARD_SELECT,
      orderBy: [{ registerStatus: 'asc' }, { id: 'asc' }],
      take: MAX_LISTED + 1,
    });
    if (hits.length === 1) return { kind: 'one', child: hits[0]!, rest };
    if (hits.length > 1) return { kind: 'many', children: hits.slice(0, MAX_LISTED), rest };
  }

  // A name glued to what follows it: 张小明昨天 → 张小明 + 昨天.
  if (/^\p{Script=Han}{3,}/u.test(first)) {
    for (let cut = Math.min(first.length - 1, 5); cut >= 2; cut--) {
      const name = first.slice(0, cut);
      const hits = await db.child.findMany({
        where: { AND: [scope, { name }] },
        select: CHILD_CARD_SELECT,
        take: MAX_LISTED + 1,
      });
      const tail = [first.slice(cut), rest].filter(Boolean).join(' ');
      if (hits.length === 1) return { kind: 'one', child: hits[0]!, rest: tail };
      if (hits.length > 1) return { kind: 'many', children: hits.slice(0, MAX_LISTED), rest: tail };
    }
  }

  return { kind: 'none', suggestions: await suggestNames(db, scope, first) };
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
