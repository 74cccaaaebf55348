// The workbench served on 127.0.0.1 against a test database and the fake WeCom API, and a
// login through the fake OAuth flow that returns the session cookie.
import { expect } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { createApp } from '../../src/server/app.js';
import { createWorkbench } from '../../src/web/router.js';
import { createWecomApi } from '../../src/wecom/api.js';
import type { FakeWecom } from '../../src/wecom/fake/server.js';
import { listen } from '../helpers/http.js';
import { type CapturedLog, captureLog, startFakeApi, WECOM_ENV } from '../helpers/wecom.js';

export interface Workbench {
  base: string;
  fake: FakeWecom;
  captured: CapturedLog;
  warmOverview(): Promise<void>;
}

export async function startWorkbench(db: Db, now?: () => Date): Promise<Workbench> {
  const fake = await startFakeApi();
  const captured = captureLog();
  const corpId = WECOM_ENV.WECOM_CORP_ID;
  const agentId = Number(WECOM_ENV.WECOM_AGENT_ID);
  const api = createWecomApi({
    wecom: { corpId, agentId, secret: WECOM_ENV.WECOM_SECRET, apiBase: fake.url },
    log: captured.log,
    retry: { baseMs: 1, maxMs: 5 },
  });
  const web = createWorkbench({
    db,
    log: captured.log,
    now,
    wecom: { corpId, agentId, api },
    oauthBase: fake.url,
  });
  const base = await listen(createApp({ db, log: captured.log, routers: [web.router] }));
  return { base, fake, captured, warmOverview: web.warmOverview };
}

/** `name=value` of the Set-Cookie header for one cookie, as a browser would send it back. */
export function cookieOf(res: Response, name: string): string | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return line?.split(';')[0];
}

/** Starts a login; returns the state WeCom would carry back and the state cookie. */
export async function startLogin(
  wb: Workbench,
  next = '/web/me',
): Promise<{ state: string; cookie: string }> {
  const res = await fetch(`${wb.base}/web/login?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  return { state: location.searchParams.get('state')!, cookie: cookieOf(res, 'gat_oauth')! };
}

/** Logs a userid in with a fresh code; returns the session cookie (`gat_session=…`). */
export async function login(wb: Workbench, userid: string): Promise<string> {
  const { state, cookie } = await startLogin(wb);
  const code = wb.fake.issueCode(userid);
  const res = await fetch(`${wb.base}/web/oauth/callback?code=${code}&state=${state}`, {
    headers: { cookie },
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return cookieOf(res, 'gat_session')!;
}

export async function getPage(wb: Workbench, path: string, cookie?: string): Promise<Response> {
  return fetch(`${wb.base}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
}

/** The visible text of a page (tags dropped, entities of the escaper decoded). */
export function textOf(body: string): string {
  return body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

export function csrfOf(body: string): string {
  return /name="csrf" value="([^"]+)"/.exec(body)![1]!;
}
