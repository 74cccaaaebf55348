// Web sessions in PostgreSQL, so that any instance behind the load balancer knows them. The
// cookie carries a random token; the table keeps only its SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { StaffUser } from '../chat/scope.js';
import type { Db } from '../db/client.js';

export const SESSION_COOKIE = 'gat_session';
export const SESSION_HOURS = 8;

export interface WebSessionUser extends StaffUser {
  csrfToken: string;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts a session for a staff member; returns the token for the cookie. */
export async function createSession(db: Db, staffId: number, now: Date): Promise<string> {
  const token = randomToken();
  await db.webSession.create({
    data: {
      tokenHash: hashToken(token),
      staffId,
      csrfToken: randomToken(),
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    },
  });
  return token;
}

/** The active staff member behind a session token, or undefined (unknown, expired, ended, inactive). */
export async function findSession(db: Db, token: string, now: Date): Promise<WebSessionUser | undefined> {
  const [row] = await db.$queryRaw<WebSessionUser[]>`
    SELECT s.id, s.userid, s.name, s.role::text AS role, s."streetId", s."communityId", w."csrfToken"
      FROM "WebSession" w JOIN "Staff" s ON s.id = w."staffId"
     WHERE w."tokenHash" = ${hashToken(token)} AND w."endedAt" IS NULL
       AND w."expiresAt" > ${now} AND s.active`;
  return row;
}

export async function endSession(db: Db, token: string, now: Date): Promise<void> {
  await db.webSession.updateMany({
    where: { tokenHash: hashToken(token), endedAt: null },
    data: { endedAt: now },
  });
}

/**
 * HttpOnly, SameSite=Lax, limited to /web, and Secure whenever the request came over HTTPS or
 * the workbench is published on an https:// PUBLIC_BASE_URL.
 */
export function cookieOptions(ctx: Context, maxAgeMs: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.secure || ctx.cookies.secure === true,
    path: '/web',
    maxAge: maxAgeMs,
    overwrite: true,
  };
}

export function setSessionCookie(ctx: Context, token: string): void {
  ctx.cookies.set(SESSION_COOKIE, token, cookieOptions(ctx, SESSION_HOURS * 3_600_000));
}

export function clearCookie(ctx: Context, name: string): void {
  ctx.cookies.set(name, '', { ...cookieOptions(ctx, 0), maxAge: undefined, expires: new Date(0) });
}
