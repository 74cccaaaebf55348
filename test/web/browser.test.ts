// The workbench in a real browser: Debian's Chromium driven by playwright-core against the
// server on 127.0.0.1 with the demo district, logging in through the fake WeCom OAuth pages,
// on a phone and on a desktop. Screenshots go to test-artifacts/ for people to look at.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todoFor } from '../../src/casework/todo.js';
import { childScope } from '../../src/chat/scope.js';
import { fillDemo } from '../../src/demo/demo.js';
import { createTestDatabase } from '../helpers/db.js';
import { startWorkbench, type Workbench } from './workbench.js';

const TODAY = '2026-12-03';
const NOW = new Date('2026-12-03T02:00:00Z');
const ARTIFACTS = path.join(import.meta.dirname, '..', '..', 'test-artifacts');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

const { db } = await createTestDatabase();
let wb: Workbench;
let browser: Browser;

beforeAll(async () => {
  await fillDemo(db, TODAY);
  wb = await startWorkbench(db, () => NOW);
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
});

/** A fresh browser signed in to WeCom as `userid`, opening `path` through the OAuth login. */
async function open(
  userid: string,
  viewport: { width: number; height: number },
  path: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  wb.fake.signIn(userid);
  await page.goto(`${wb.base}${path}`);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe('workbench in Chromium', () => {
  it('should log a director in on a phone and show their to-do list as 待办 counts it', async () => {
    const page = await open('zr_pjl', PHONE, '/web/me');
    const director = await db.staff.findUniqueOrThrow({ where: { userid: 'zr_pjl' } });
    const items = await todoFor(db, childScope({ ...director }), TODAY, 7);
    const overdue = items.filter((i) => i.item.status === 'overdue').length;

    expect(new URL(page.url()).pathname).toBe('/web/me');
    await expect(page.locator('h1').textContent()).resolves.toBe('我的待办');
    expect(await page.locator('[data-count="overdue"]').textContent()).toBe(String(overdue));
    expect(await page.locator('[data-count="upcoming"]').textContent()).toBe(String(items.length - overdue));
    expect(await page.locator('table.work tbody tr').count()).toBe(items.length);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'phone-my-work');

    await page.locator('table.work tbody a').first().click();
    await expect(page.locator('h1').textContent()).resolves.toMatch(/一人一档$/);
    expect(await page.locator('[data-field="id-number"]').textContent()).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    await shot(page, 'phone-child-file');
    await page.context().close();
  });

  it('should refuse a director another community’s child typed into the address bar', async () => {
    const page = await open('zr_pjl', PHONE, '/web/me');
    const director = await db.staff.findUniqueOrThrow({ where: { userid: 'zr_pjl' } });
    const other = await db.child.findFirstOrThrow({ where: { directorId: { not: director.id } } });

    const res = await page.goto(`${wb.base}/web/child/${other.id}`);

    expect(res?.status()).toBe(404);
    expect(await page.locator('main').textContent()).toContain('没有找到这名儿童');
    expect(await page.content()).not.toContain(other.name);
    await page.context().close();
  });

  it('should draw the district overview with Chart.js on a desktop, with numbers that open their lists', async () => {
    const page = await open('qu_wang', DESKTOP, '/web/overview');
    const red = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Child" c JOIN "ProtectionPeriod" p ON p."childId" = c.id AND p."endedOn" IS NULL
       WHERE c."registerStatus" = 'in_register' AND p.level = 1 AND c."birthDate" > DATE '2008-12-03'`;

    await expect(page.locator('h1').textContent()).resolves.toBe('全区概览');
    // Evaluated in the page (a string, as the test's TypeScript has no DOM types).
    const charts = await page.evaluate(`[...document.querySelectorAll('canvas')].map((c) => ({
      id: c.id, drawn: Chart.getChart(c) !== undefined && c.width > 0 && c.height > 0 }))`);
    expect(charts).toEqual(
      ['chart-tiers', 'chart-groups', 'chart-visits', 'chart-payments'].map((id) => ({ id, drawn: true })),
    );
    const total = page.locator('tr.total a[data-measure="tier1"]');
    expect(await total.textContent()).toBe(String(red[0]!.n));
    await shot(page, 'desktop-overview');

    await total.click();
    await page.waitForURL(/\/web\/overview\/children/);
    expect(await page.locator('[data-count="total"]').textContent()).toBe(String(red[0]!.n));
    expect(await page.locator('table.children tbody tr').count()).toBe(red[0]!.n);
    await shot(page, 'desktop-drill-down');
    await page.context().close();
  });

  it('should show the overview on a phone without sideways scrolling of the page', async () => {
    const page = await open('dd_pj', PHONE, '/web/overview');

    await expect(page.locator('h1').textContent()).resolves.toBe('街道概览');
    expect(await page.evaluate('document.body.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'phone-overview');
    await page.context().close();
  });

  it('should print a child’s file on A4 without the navigation', async () => {
    const page = await open('dd_pj', DESKTOP, '/web/me');
    const child = await db.child.findFirstOrThrow({
      where: { street: { staff: { some: { userid: 'dd_pj' } } }, visits: { some: {} } },
    });
    await page.goto(`${wb.base}/web/child/${child.id}`);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('.actions').isVisible()).toBe(false);
    await shot(page, 'print-child-file');
    const pdf = await page.pdf({ path: path.join(ARTIFACTS, 'child-file.pdf'), format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.context().close();
  });
});
