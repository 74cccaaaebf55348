// WeCom web login through the fake OAuth flow: codes, state, cookies, sessions, logout.
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.js';
import { buildDistrict, NOW } from '../helpers/district.js';
import { cookieOf, csrfOf, getPage, login, startLogin, startWorkbench } from './workbench.js';

const { db } = await createTestDatabase();
await buildDistrict(db);
let clock = NOW;
const wb = await startWorkbench(db, () => clock);

const callback = (code: string, state: string, cookie?: string) =>
  fetch(`${wb.base}/web/oauth/callback?code=${code}&state=${state}`, {
    headers: cookie ? { cookie } : {},
    redirect: 'manual',
  });

describe('workbench login', () => {
  it('should go through the WeCom authorize page and come back signed in', async () => {
    wb.fake.signIn('zr_a');
    const start = await fetch(`${wb.base}/web/login?next=/web/overview`, { redirect: 'manual' });
    const authorize = new URL(start.headers.get('location')!);

    expect(authorize.origin + authorize.pathname).toBe(`${wb.fake.url}/connect/oauth2/authorize`);
    expect(authorize.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      appid: 'ww1234567890abcdef',
      agentid: '1000002',
      scope: 'snsapi_base',
      response_type: 'code',
      redirect_uri: `${wb.base}/web/oauth/callback`,
    });

    const back = await fetch(authorize, { redirect: 'manual' });
    const returned = back.headers.get('location')!;
    const done = await fetch(returned, {
      headers: { cookie: cookieOf(start, 'gat_oauth')! },
      redirect: 'manual',
    });

    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/web/overview');
    const page = await getPage(wb, '/web/me', cookieOf(done, 'gat_session'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('蒋玉兰（儿童主任）');
  });

  it('should set an HttpOnly, SameSite=Lax session cookie, Secure only behind HTTPS', async () => {
    const { state, cookie } = await startLogin(wb);
    const plain = await callback(wb.fake.issueCode('dd_p'), state, cookie);
    const line = plain.headers.getSetCookie().find((c) => c.startsWith('gat_session='))!;

    expect(line).toMatch(/; path=\/web/);
    expect(line).toMatch(/; httponly/i);
    expect(line).toMatch(/; samesite=lax/i);
    expect(line).not.toMatch(/; secure/i);

    const proxied = await fetch(`${wb.base}/web/login`, {
      headers: { 'x-forwarded-proto': 'https' },
      redirect: 'manual',
    });
    const secureState = new URL(proxied.headers.get('location')!).searchParams.get('state')!;
    const secure = await fetch(
      `${wb.base}/web/oauth/callback?code=${wb.fake.issueCode('dd_p')}&state=${secureState}`,
      {
        headers: { cookie: cookieOf(proxied, 'gat_oauth')!, 'x-forwarded-proto': 'https' },
        redirect: 'manual',
      },
    );
    expect(secure.headers.getSetCookie().find((c) => c.startsWith('gat_session='))).toMatch(/; secure/i);
  });

  it('should store only a hash of the session token, with an expiry 8 hours ahead', async () => {
    const cookie = await login(wb, 'jd_p');
    const token = cookie.split('=')[1]!;
    const rows = await db.webSession.findMany({ orderBy: { id: 'desc' }, take: 1 });

    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - NOW.getTime()).toBe(8 * 3_600_000);
  });

  it('should refuse a code WeCom does not know, one used twice and one older than 5 minutes', async () => {
    const before = await db.webSession.count();
    const bad = await startLogin(wb);
    const unknown = await callback('not-a-code', bad.state, bad.cookie);

    const code = wb.fake.issueCode('zr_a');
    const first = await startLogin(wb);
    expect((await callback(code, first.state, first.cookie)).status).toBe(302);
    const again = await startLogin(wb);
    const reused = await callback(code, again.state, again.cookie);

    const old = wb.fake.issueCode('zr_a');
    wb.fake.expireCodes();
    const late = await startLogin(wb);
    const expired = await callback(old, late.state, late.cookie);

    for (const res of [unknown, reused, expired]) {
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('登录码无效或已过期');
      expect(cookieOf(res, 'gat_session')).toBeUndefined();
    }
    expect(await db.webSession.count()).toBe(before + 1);
  });

  it('should refuse a callback whose state does not match the cookie, without asking WeCom', async () => {
    const { cookie } = await startLogin(wb);
    const code = wb.fake.issueCode('zr_a');
    wb.fake.reset();

    const wrong = await callback(code, 'forged-state', cookie);
    const none = await callback(code, 'forged-state');

    expect(wrong.status).toBe(400);
    expect(none.status).toBe(400);
    expect(await wrong.text()).toContain('登录链接已失效');
    expect(wb.fake.received.filter((r) => r.api === 'auth/getuserinfo')).toHaveLength(0);
  });

  it('should answer an unregistered or inactive person with a clear page and no session', async () => {
    for (const userid of ['stranger', 'zr_gone']) {
      const { state, cookie } = await startLogin(wb);
      const res = await callback(wb.fake.issueCode(userid), state, cookie);

      expect(res.status).toBe(403);
      expect(await res.text()).toContain('您还没有登记为关爱通的工作人员');
      expect(cookieOf(res, 'gat_session')).toBeUndefined();
    }
  });

  it('should send every page to the login without a session, and refuse a POST', async () => {
    for (const path of ['/web/me', '/web/overview', '/web/child/1', '/web/overview/children?m=total']) {
      const res = await getPage(wb, path);

      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toMatch(/^\/web\/login\?next=/);
    }
    const post = await fetch(`${wb.base}/web/child/1/reveal`, { method: 'POST', body: 'csrf=x' });
    expect(post.status).toBe(401);
    const forged = await getPage(wb, '/web/me', 'gat_session=made-up-token');
    expect(forged.status).toBe(302);
  });

  it('should end the session at logout, and after 8 hours', async () => {
    const cookie = await login(wb, 'dd_p');
    const page = await (await getPage(wb, '/web/me', cookie)).text();

    const refused = await fetch(`${wb.base}/web/logout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=wrong',
    });
    expect(refused.status).toBe(403);
    expect((await getPage(wb, '/web/me', cookie)).status).toBe(200);

    const out = await fetch(`${wb.base}/web/logout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${csrfOf(page)}`,
    });
    expect(await out.text()).toContain('您已退出');
    expect((await getPage(wb, '/web/me', cookie)).status).toBe(302);

    const later = await login(wb, 'dd_p');
    clock = new Date(NOW.getTime() + 8 * 3_600_000 + 1000);
    expect((await getPage(wb, '/web/me', later)).status).toBe(302);
    clock = NOW;
  });

  it('should log each page request with user, route, status and time, and no names', async () => {
    const cookie = await login(wb, 'zr_a');
    await getPage(wb, '/web/me', cookie);

    const lines = wb.captured.at('info').filter((l) => l.msg === 'web request' && l.route === '/web/me');
    expect(lines.at(-1)).toMatchObject({ user: 'zr_a', status: 200, ms: expect.any(Number) });
    expect(wb.captured.raw()).not.toContain('王芳');
    expect(wb.captured.raw()).not.toContain('13812345678');
  });
});
