// The workbench pages over real HTTP: what each role sees, scope by URL, masking, the audited
// "show" action, and my work matching the chat's 待办.
import { describe, expect, it } from 'vitest';
import { recordVisit } from '../../src/casework/records.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDistrict, NOW, TODAY } from '../helpers/district.js';
import { csrfOf, getPage, login, startWorkbench, textOf } from './workbench.js';

const { db } = await createTestDatabase();
const district = await buildDistrict(db);
const { wangfang, xiaohong, xiaoming } = district.children;
await recordVisit(
  db,
  { id: district.staff.zrA.id, via: 'wecom' },
  {
    childId: wangfang.id,
    on: '2026-12-02',
    kind: 'home',
    notes: '奶奶在家，电话 13912345678',
    childSeen: true,
  },
  TODAY,
);
const wb = await startWorkbench(db, () => NOW);
const zrA = await login(wb, 'zr_a');
const ddP = await login(wb, 'dd_p');
const qu = await login(wb, 'qu_wang');
const jdP = await login(wb, 'jd_p');

const reveal = (cookie: string, id: number, csrf: string) =>
  fetch(`${wb.base}/web/child/${id}/reveal`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${csrf}`,
  });

describe('child file page', () => {
  it('should show the director their child: identity masked, tier, visit, guardians, trail', async () => {
    const res = await getPage(wb, `/web/child/${wangfang.id}`, zrA);
    const text = textOf(await res.text());

    expect(res.status).toBe(200);
    expect(text).toContain('王芳 · 一人一档');
    expect(text).toContain(`身份证号 320508********${wangfang.idNumber.slice(-4)}`);
    expect(text).toContain('红色 一级保护');
    expect(text).toContain('2026-11-20 起');
    expect(text).toContain('复评日 2027-02-20');
    expect(text).toContain('2026-12-02 入户 蒋玉兰（儿童主任） 奶奶在家，电话 139****5678');
    expect(text).toContain('祖母 王秀英 138****5678');
    expect(text).toContain('visit.create');
    expect(text).toContain('C2b');
  });

  it('should never put a whole ID or phone number in a page unless asked to show it', async () => {
    const pages = ['/web/me', '/web/overview', `/web/child/${wangfang.id}`, '/web/overview/children?m=total'];
    for (const cookie of [zrA, ddP, qu]) {
      for (const path of pages) {
        const body = await (await getPage(wb, path, cookie)).text();

        expect(body).not.toContain(wangfang.idNumber);
        expect(body).not.toContain('13812345678');
        expect(body).not.toContain('13912345678');
      }
    }
  });

  it('should answer 404 with the same page for another community’s child and for no child', async () => {
    const other = await getPage(wb, `/web/child/${xiaohong.id}`, zrA);
    const none = await getPage(wb, '/web/child/999999', zrA);
    const junk = await getPage(wb, '/web/child/abc', zrA);

    expect(other.status).toBe(404);
    expect(none.status).toBe(404);
    expect(junk.status).toBe(404);
    const page = await other.text();
    expect(page).not.toContain('李小红');
    expect(textOf(page)).toBe(textOf(await none.text()));
  });

  it('should let supervisors and street staff open their street’s children but not another street’s', async () => {
    expect((await getPage(wb, `/web/child/${xiaoming.id}`, ddP)).status).toBe(200);
    expect((await getPage(wb, `/web/child/${xiaohong.id}`, ddP)).status).toBe(404);
    expect((await getPage(wb, `/web/child/${xiaoming.id}`, jdP)).status).toBe(200);
    expect((await getPage(wb, `/web/child/${xiaohong.id}`, jdP)).status).toBe(404);
    expect((await getPage(wb, `/web/child/${xiaohong.id}`, qu)).status).toBe(200);
  });
});

describe('show the whole ID and phone', () => {
  it('should show them once to a supervisor and write who and when to the audit trail', async () => {
    const page = await (await getPage(wb, `/web/child/${wangfang.id}`, ddP)).text();

    const res = await reveal(ddP, wangfang.id, csrfOf(page));
    const shown = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(shown).toContain(wangfang.idNumber);
    expect(shown).toContain('13812345678');
    const entry = await db.auditEntry.findFirst({
      where: { action: 'reveal_personal_data', entityId: String(wangfang.id) },
    });
    expect(entry).toMatchObject({ actorId: district.staff.ddP.id, via: 'web', entity: 'Child' });
    expect(JSON.stringify(entry!.after)).not.toContain(wangfang.idNumber);
    const again = await (await getPage(wb, `/web/child/${wangfang.id}`, ddP)).text();
    expect(again).not.toContain(wangfang.idNumber);
  });

  it('should refuse a director, a forged form and a child out of scope, writing nothing', async () => {
    const before = await db.auditEntry.count({ where: { action: 'reveal_personal_data' } });
    const own = await (await getPage(wb, `/web/child/${wangfang.id}`, zrA)).text();
    const sup = await (await getPage(wb, `/web/child/${xiaoming.id}`, ddP)).text();

    const director = await reveal(zrA, wangfang.id, csrfOf(own));
    const forged = await reveal(ddP, wangfang.id, 'not-the-token');
    const outside = await reveal(ddP, xiaohong.id, csrfOf(sup));

    expect(own).not.toContain('显示完整身份证号');
    expect(director.status).toBe(403);
    expect(await director.text()).not.toContain(wangfang.idNumber);
    expect(forged.status).toBe(403);
    expect(outside.status).toBe(404);
    expect(await db.auditEntry.count({ where: { action: 'reveal_personal_data' } })).toBe(before);
  });
});

describe('my work page', () => {
  it('should list what 待办 lists for the director, with links to each child’s file', async () => {
    const body = await (await getPage(wb, '/web/me', zrA)).text();
    const text = textOf(body);

    expect(text).toContain('赵一诺：尚未评估风险等级（R2）');
    expect(body).toContain(`href="/web/child/${district.children.new.id}"`);
    expect(text).not.toContain('李小红');
  });

  it('should sort by child or due date on request, and ignore an unknown sort', async () => {
    const byChild = textOf(await (await getPage(wb, '/web/me?sort=child', zrA)).text());
    const unknown = await getPage(wb, `/web/me?sort=${encodeURIComponent('<script>alert(1)</script>')}`, zrA);

    expect(byChild).toContain('排序： 紧急程度 · 截止日 · 儿童');
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).not.toContain('<script>alert');
  });
});

describe('my work: the rest of what 待办 shows', () => {
  it('should list an urgent report about a child not on file, and applications waiting, for the street', async () => {
    const report = await db.urgentReport.create({
      data: { childName: '小宇', reporterId: district.staff.zrA.id, content: '邻居反映无人照看' },
    });
    const application = await db.subsidyApplication.create({
      data: {
        streetId: (await db.street.findFirstOrThrow({ where: { name: '平江街道' } })).id,
        applicantName: '周小雨',
        idNumber: '320508201604117240',
        category: 'C1b',
        receivedOn: new Date('2026-12-01T00:00:00Z'),
      },
    });

    const supervisor = textOf(await (await getPage(wb, '/web/me', ddP)).text());
    const otherStreet = textOf(await (await getPage(wb, '/web/me', await login(wb, 'dd_c'))).text());

    expect(supervisor).toContain(
      `【强制报告 #${report.id}】小宇（未建档）：未结案，请核实后登记或结案（R6.1）`,
    );
    expect(supervisor).toContain(`申请 #${application.id} 周小雨`);
    expect(supervisor).toContain('待审核（R5.1）');
    expect(otherStreet).not.toContain('小宇');
    expect(otherStreet).not.toContain('周小雨');
  });
});

describe('what people typed, on a page', () => {
  it('should show markup in names and notes as text, never as markup', async () => {
    const typed = '</script><img src=x onerror=alert(1)>"><b>爱心社</b> 电话13812345678';
    await db.resourceLink.create({
      data: {
        childId: district.children.new.id,
        provider: typed,
        kind: 'donation',
        startOn: new Date('2026-12-01T00:00:00Z'),
      },
    });

    const body = await (await getPage(wb, `/web/child/${district.children.new.id}`, ddP)).text();

    expect(body).not.toContain('<img src=x');
    expect(body).not.toContain('<b>爱心社</b>');
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(textOf(body)).toContain('爱心社');
    expect(body).not.toContain('13812345678');
    expect(body).toContain('138****5678');
  });
});

describe('drill-down lists', () => {
  it('should list only children in scope, and refuse a malformed link', async () => {
    const sup = textOf(await (await getPage(wb, '/web/overview/children?m=total', ddP)).text());
    const dir = textOf(await (await getPage(wb, '/web/overview/children?m=total', zrA)).text());
    const bad = await getPage(wb, '/web/overview/children?m=drop', ddP);
    const inherited = await getPage(wb, '/web/overview/children?m=toString', ddP);

    const street = textOf(await (await getPage(wb, '/web/overview/children?m=total', jdP)).text());
    expect(sup).toContain('4 名儿童');
    expect(sup).not.toContain('李小红');
    expect(street).toContain('4 名儿童');
    expect(street).not.toContain('李小红');
    expect(dir).toContain('3 名儿童');
    expect(bad.status).toBe(400);
    expect(inherited.status).toBe(400);
  });
});
