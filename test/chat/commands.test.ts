import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatHandler, NOT_REGISTERED } from '../../src/chat/router.js';
import type { Db } from '../../src/db/client.js';
import { createOutbox } from '../../src/digest/outbox.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDistrict, type District, NOW, testId } from '../helpers/district.js';

let db: Db;
let district: District;
let clock = NOW;

function chat(userId: string) {
  const handler = createChatHandler({
    db,
    log: createSilentLogger(),
    notifier: createOutbox({ db, log: createSilentLogger() }),
    now: () => clock,
  });
  let n = 0;
  return async (text: string) => {
    const reply = await handler({ kind: 'text', userId, text, msgId: `${userId}-${n++}`, createdAt: clock });
    return reply!;
  };
}

async function writes() {
  const [visits, services, assessments, reports, deliveries, audit] = await Promise.all([
    db.visit.count(),
    db.serviceSession.count(),
    db.assessment.count(),
    db.urgentReport.count(),
    db.delivery.count(),
    db.auditEntry.count(),
  ]);
  return { visits, services, assessments, reports, deliveries, audit };
}

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  district = await buildDistrict(db);
});

beforeEach(() => {
  clock = NOW;
});

describe('who may talk to the bot', () => {
  it('should answer an unregistered WeCom user politely, once, and do nothing else', async () => {
    const before = await writes();

    const reply = await chat('stranger')('走访 张小明 昨天');

    expect(reply.text).toBe(NOT_REGISTERED);
    expect(await writes()).toEqual(before);
  });

  it('should treat a deactivated member as unregistered', async () => {
    expect((await chat('zr_gone')('待办')).text).toBe(NOT_REGISTERED);
  });

  it('should list in 帮助 only the commands of the person’s role, each with an example', async () => {
    const director = (await chat('zr_a')('帮助')).text;
    const street = (await chat('jd_p')('?')).text;

    expect(director).toContain('例：走访 张小明 昨天 入户 奶奶在家，情况稳定');
    expect(director).not.toContain('退出 张小明');
    expect(street).toContain('例：退出 张小明 已满18周岁');
    expect(street).not.toContain('例：走访');
  });
});

describe('查询', () => {
  it('should show the tier card with colour in words, review date, and masked ID and phone', async () => {
    const reply = await chat('zr_a')('查询 王芳');

    expect(reply.text).toContain('王芳（女，16岁）平江路社区');
    expect(reply.text).toContain('风险等级：红色（一级保护）');
    expect(reply.text).toContain('保护期：11月20日起，复评日 2027年2月20日');
    expect(reply.text).toContain('身份证：320508********');
    expect(reply.text).toContain('监护人：祖母 王秀英 138****5678');
    expect(reply.text).not.toContain(district.children.wangfang.idNumber);
    expect(reply.text).not.toContain('13812345678');
  });

  it('should find a child by bare name, pinyin initials and the last 4 ID characters', async () => {
    const talk = chat('zr_a');
    const tail = district.children.wangfang.idNumber.slice(-4);

    for (const ref of ['王芳', 'wf', tail, `查询 ${tail}`]) {
      expect((await talk(ref)).text).toContain('风险等级：红色（一级保护）');
    }
  });

  it('should say "not found", never "not yours", for a child in another street', async () => {
    const reply = await chat('zr_a')('查询 李小红');

    expect(reply.text).toMatch(/^没有找到“李小红”/);
    expect(reply.text).not.toContain('南门');
  });

  it('should suggest close names in scope when nothing matches', async () => {
    const reply = await chat('zr_a')('查询 王方');

    expect(reply.text).toContain('名字相近的有：王芳');
  });
});

describe('走访', () => {
  it('should record a visit with its audit entry and say what is due next', async () => {
    const talk = chat('zr_a');
    const before = await writes();

    const reply = await talk('走访张小明 昨天 入户 奶奶在家，情况稳定');

    expect(reply.text).toContain('已登记：张小明 12月2日 入户走访，奶奶在家，情况稳定。');
    expect(reply.text).toContain('走访：2026年第4季度已完成，下一期从2027年1月1日开始。');
    const after = await writes();
    expect(after.visits).toBe(before.visits + 1);
    expect(after.audit).toBe(before.audit + 1);
    const audit = await db.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({
      actorId: district.staff.zrA.id,
      via: 'wecom',
      action: 'visit.create',
      entity: 'Visit',
    });
  });

  it.each([
    ['走访 王芳 12月25日', '还没到，不能登记未来的记录'],
    ['走访 王芳 2025-01-01', '早于该儿童纳入名册的日期 2025-06-01'],
    ['走访 王芳 13月40日 入户', '看不懂日期“13月40日”'],
    ['走访', '请写上儿童的姓名'],
  ])('should refuse %j, say why, and write nothing', async (message, why) => {
    const before = await writes();

    const reply = await chat('zr_a')(message);

    expect(reply.text).toContain(why);
    expect(await writes()).toEqual(before);
  });

  it('should accept a visit more than 30 days ago with a note', async () => {
    const reply = await chat('zr_a')('走访 王芳 2026-10-01 入户');

    expect(reply.text).toContain('30天以前的走访，已按补录登记');
  });

  it('should refuse 走访 from street staff, naming who records visits', async () => {
    const reply = await chat('jd_p')('走访 王芳');

    expect(reply.text).toContain('“走访”由儿童主任、儿童督导员、区民卫局工作人员使用');
  });
});

describe('two children with one name', () => {
  it('should ask which one, remember the question in the database, and record for the chosen child', async () => {
    const talk = chat('dd_p');

    const question = await talk('走访 张小明 今天 入户 督导走访');
    expect(question.text).toMatch(/^找到 2 名儿童，请回复序号选择/);
    expect(question.text).toContain('1. 张小明 男 11岁 平江路社区 320508********');
    expect(question.text).toContain('2. 张小明 男 14岁 钮家巷社区 320508********');
    expect(await db.chatPending.count({ where: { userid: 'dd_p' } })).toBe(1);

    // A fresh handler (as after a restart, or on another instance) still knows the question.
    const answer = await chat('dd_p')('2');

    expect(answer.text).toContain('已登记：张小明 12月3日 入户走访，督导走访。');
    const visit = await db.visit.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(visit.childId).toBe(district.children.xiaomingB.id);
    expect(await db.chatPending.count({ where: { userid: 'dd_p' } })).toBe(0);
  });

  it('should forget the question after 10 minutes', async () => {
    await chat('dd_p')('查询 张小明');
    clock = new Date(NOW.getTime() + 11 * 60_000);

    const reply = await chat('dd_p')('1');

    expect(reply.text).toMatch(/^没看懂这条消息/);
  });
});

describe('评估', () => {
  it('should refuse a decrease before the minimum period, naming R3.2 and the earliest date', async () => {
    const before = await writes();

    const reply = await chat('dd_p')('评估 王芳 黄色 情况有所好转');

    expect(reply.text).toBe(
      '未记录：王芳目前为红色（一级保护），自11月20日起。根据 R3.2，降级须满最短保护期，最早 2027年2月20日 可以评估降级。',
    );
    expect(await writes()).toEqual(before);
  });

  it('should refuse red to green in one step under R3.3', async () => {
    clock = new Date('2027-03-01T02:00:00Z');

    const reply = await chat('dd_p')('评估 王芳 绿色 情况稳定');

    expect(reply.text).toContain('根据 R3.3，一级（红色）不能直接降为四级（绿色）');
  });

  it('should start a new period when the tier goes up (R3.1) and show the review date', async () => {
    const reply = await chat('dd_p')('评估 张小明 红色 父亲再次入狱，无人监护');

    expect(reply.text).toMatch(/^找到 2 名儿童/); // two children named 张小明: it asks first
    const chosen = await chat('dd_p')('1');

    expect(chosen.text).toContain(
      '已记录评估：张小明为红色（一级保护）（R3.1），自12月3日起，复评日 2027年3月3日。',
    );
    const periods = await db.protectionPeriod.findMany({
      where: { childId: district.children.xiaoming.id },
      orderBy: { id: 'asc' },
    });
    expect(periods.map((p) => [p.level, p.endedOn?.toISOString().slice(0, 10) ?? null])).toEqual([
      [2, '2026-12-03'],
      [1, null],
    ]);
  });

  it('should tell a director who records assessments and notify the street supervisor', async () => {
    const before = await writes();

    const reply = await chat('zr_a')('评估 王芳 黄色 父亲已出狱');

    expect(reply.text).toBe(
      '风险评估由儿童督导员或区民卫局工作人员记录（R2）。已把您的意见转告督导员杨凤英。',
    );
    const after = await writes();
    expect(after.assessments).toBe(before.assessments);
    const push = await db.delivery.findFirstOrThrow({ where: { kind: 'assessment_request' } });
    expect(push.recipient).toBe('dd_p');
    expect(push.body).toContain('儿童主任蒋玉兰建议对王芳重新评估为黄色（二级保护）：父亲已出狱');
  });
});

describe('报告', () => {
  it('should store an urgent report and queue it at once for the street supervisor and district staff', async () => {
    const reply = await chat('zr_a')('报告 王芳 邻居反映孩子两天没人照看');

    const report = await db.urgentReport.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(reply.text).toContain(
      `已登记强制报告，编号 #${report.id}。\n已立即通知督导员和区民卫局（2 人）。`,
    );
    expect(report).toMatchObject({ childId: district.children.wangfang.id, status: 'open' });
    const pushes = await db.delivery.findMany({ where: { kind: 'urgent' }, orderBy: { recipient: 'asc' } });
    expect(pushes.map((p) => p.recipient)).toEqual(['dd_p', 'qu_wang']);
    expect(pushes[0]!.body).toContain('邻居反映孩子两天没人照看');
  });
});

describe('撤销', () => {
  it('should void my last record within 10 minutes, keep it in the audit trail, and refuse after that', async () => {
    const talk = chat('zr_a');
    await talk('服务 王芳 今天 心理疏导 第一次');
    const session = await db.serviceSession.findFirstOrThrow({ orderBy: { id: 'desc' } });

    const reply = await talk('撤销');

    expect(reply.text).toBe('已撤销：王芳 12月3日的服务。撤销记录已留档。');
    expect(
      (await db.serviceSession.findUniqueOrThrow({ where: { id: session.id } })).voidedAt,
    ).not.toBeNull();
    expect(await db.auditEntry.count({ where: { action: 'undo', entityId: String(session.id) } })).toBe(1);
    expect((await talk('撤销')).text).toContain('10 分钟内没有可以撤销的记录');
  });

  it('should not undo a record older than 10 minutes', async () => {
    await chat('zr_a')('走访 王芳 今天 电话');
    // The record was written 11 minutes ago.
    const last = await db.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    await db.auditEntry.update({
      where: { id: last.id },
      data: { at: new Date(NOW.getTime() - 11 * 60_000) },
    });

    expect((await chat('zr_a')('撤销')).text).toContain('10 分钟内没有可以撤销的记录');
  });
});

describe('待办', () => {
  it('should list overdue first, then what is due within 7 days, with the command to clear it', async () => {
    clock = new Date('2026-12-28T02:00:00Z');

    const reply = await chat('zr_a')('待办');

    const lines = reply.text.split('\n');
    expect(lines[0]).toMatch(/^待办：逾期 \d+ 项，7天内到期 \d+ 项$/);
    expect(reply.text).toContain('赵一诺：尚未评估风险等级（R2） → 评估 赵一诺 …');
    expect(reply.text).not.toContain('李小红');
  });
});

describe('messages the bot cannot understand', () => {
  it('should say what it expected, with examples, and write nothing', async () => {
    const before = await writes();

    const reply = await chat('zr_a')('今天天气不错，大家辛苦了');

    expect(reply.outcome).toBe('invalid');
    expect(reply.text).toContain('没看懂这条消息。每条消息以命令开头，例如：');
    expect(reply.text).toContain('走访 张小明 昨天 入户 奶奶在家，情况稳定');
    expect(await writes()).toEqual(before);
  });
});

describe('登记', () => {
  const form = (lines: string[]) => ['登记', ...lines].join('\n');
  const id = testId('2017-04-01', '246');

  it('should suggest categories from the parents (R1.3) and write nothing until one is confirmed', async () => {
    const before = await writes();

    const reply = await chat('jd_p')(
      form([
        '姓名：周小雨',
        `身份证号：${id}`,
        '父亲：死亡',
        '母亲：服刑',
        '社区：平江路社区',
        '儿童主任：蒋玉兰',
      ]),
    );
    const dated = await chat('jd_p')(
      form([
        '姓名：周小雨',
        `身份证号：${id}`,
        '父亲：死亡',
        '母亲：服刑 2025-03-01起',
        '社区：平江路社区',
        '儿童主任：蒋玉兰',
      ]),
    );

    expect(reply.text).toContain('服刑、强制戒毒须满6个月');
    expect(dated.text).toContain('建议类别：C2b');
    expect(dated.text).toContain('请加一行“类别：C2b”确认后重新发送');
    expect(await writes()).toEqual(before);
  });

  it('should register the child with guardian and category, findable at once by the director', async () => {
    const reply = await chat('jd_p')(
      form([
        '姓名：周小雨',
        `身份证号：${id}`,
        '类别：C2b',
        '父亲：死亡',
        '母亲：服刑',
        '监护人：外婆 李桂芳',
        '电话：139 1234 5678',
        '社区：平江路社区',
        '儿童主任：蒋玉兰',
      ]),
    );

    expect(reply.text).toBe(
      '已登记：周小雨（女，9岁）平江路社区，类别 C2b；儿童主任 蒋玉兰。请督导员尽快评估风险等级（R2）。',
    );
    const card = await chat('zr_a')('zxy');
    expect(card.text).toContain('风险等级：尚未评估');
    expect(card.text).toContain('监护人：外婆 李桂芳 139****5678');
  });

  it.each([
    [
      ['姓名：孙一', '身份证号：320508201704012350', '类别：C5a', '社区：平江路社区', '儿童主任：蒋玉兰'],
      '身份证号有误',
    ],
    [
      [
        '姓名：孙一',
        `身份证号：${testId('2005-01-01', '111')}`,
        '类别：C5a',
        '社区：平江路社区',
        '儿童主任：蒋玉兰',
      ],
      '已满18周岁',
    ],
    [
      [
        '姓名：孙一',
        `身份证号：${testId('2018-01-01', '111')}`,
        '类别：C5a',
        '社区：南门社区',
        '儿童主任：蒋玉兰',
      ],
      '您所在街道没有“南门社区”',
    ],
    [
      [
        '姓名：孙一',
        `身份证号：${testId('2018-01-01', '111')}`,
        '类别：X9',
        '社区：平江路社区',
        '儿童主任：蒋玉兰',
      ],
      '看不懂类别“X9”',
    ],
    [['姓名：孙一'], '缺少：身份证号、社区、儿童主任'],
  ])('should refuse a form with a problem and write nothing (%#)', async (lines, why) => {
    const before = await writes();

    const reply = await chat('jd_p')(form(lines));

    expect(reply.text).toContain(why);
    expect(await writes()).toEqual(before);
  });
});

describe('退出 and 资源', () => {
  it('should refuse to take a child off for turning 18 before the birthday (R1.0)', async () => {
    const reply = await chat('dd_p')('退出 王芳 已满18周岁');

    expect(reply.text).toBe('王芳要到 2028年1月20日 才满18周岁（R1.0），届时再办理退出。');
  });

  it('should take a child off the register with reason and date, keep the file, and let 撤销 restore it', async () => {
    const talk = chat('dd_p');

    const reply = await talk('退出 王芳 迁出本区');

    expect(reply.text).toContain('已将王芳退出名册：迁出本区，自12月3日起。档案保留');
    const child = await db.child.findUniqueOrThrow({ where: { id: district.children.wangfang.id } });
    expect(child).toMatchObject({ registerStatus: 'left', leftReason: 'moved_out' });
    expect((await talk('查询 王芳')).text).toContain('已于12月3日退出名册（迁出本区）');

    expect((await talk('撤销')).text).toContain('已撤销：王芳的退出名册');
    expect((await db.child.findUniqueOrThrow({ where: { id: child.id } })).registerStatus).toBe(
      'in_register',
    );
  });

  it('should link a social resource and show it on the tier card (R6.3)', async () => {
    const reply = await chat('jd_p')('资源 王芳 姑苏区爱心助学会 一对一学业帮扶');

    expect(reply.text).toContain('已为王芳链接：姑苏区爱心助学会（一对一帮扶），一对一学业帮扶（R6.3）');
    expect((await chat('zr_a')('王芳')).text).toContain('社会资源：姑苏区爱心助学会（一对一帮扶）');
  });
});

describe('what the review found', () => {
  it('should not tell street staff whose ID number it is when the child is in another street', async () => {
    const before = await writes();
    const form = [
      '登记',
      '姓名：冒名',
      `身份证号：${district.children.xiaohong.idNumber}`,
      '类别：C5a',
      '社区：平江路社区',
      '儿童主任：蒋玉兰',
    ];

    const reply = await chat('jd_p')(form.join('\n'));

    expect(reply.text).toBe('该身份证号已有档案。如需重新纳入或更正，请联系区民卫局。');
    expect(reply.text).not.toContain('李小红');
    expect(await writes()).toEqual(before);
  });

  it('should file an urgent report even when the name is glued to the text', async () => {
    const reply = await chat('zr_a')('报告王芳邻居反映孩子两天没人照看');

    const report = await db.urgentReport.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(report).toMatchObject({
      childId: district.children.wangfang.id,
      content: '邻居反映孩子两天没人照看',
    });
    expect(reply.text).toContain('已立即通知督导员和区民卫局（2 人）');
    expect(await db.delivery.count({ where: { key: { startsWith: `urgent:${report.id}:` } } })).toBe(2);
  });

  it('should act once on a numbered answer sent twice', async () => {
    await chat('dd_p')('走访 张小明 今天 入户 双击测试');
    const before = await db.visit.count();

    const [a, b] = await Promise.all([chat('dd_p')('1'), chat('dd_p')('1')]);

    expect([a.text, b.text].filter((t) => t.startsWith('已登记'))).toHaveLength(1);
    expect(await db.visit.count()).toBe(before + 1);
  });

  it.each([
    ['评估 赵一诺 2020-01-01 蓝色 监护不足', '早于该儿童纳入名册的日期'],
    ['评估 赵一诺 2027-01-01 蓝色 监护不足', '还没到'],
  ])('should refuse an assessment dated outside the register (%s)', async (message, why) => {
    const before = await writes();

    const reply = await chat('dd_p')(message);

    expect(reply.text).toContain(why);
    expect(await writes()).toEqual(before);
  });

  it('should restore the previous period when an assessment is undone', async () => {
    const talk = chat('qu_wang');
    const childId = district.children.xiaohong.id;
    expect((await talk('评估 李小红 红色 遭受虐待')).text).toContain('为红色（一级保护）（R3.1）');

    expect((await talk('撤销')).text).toContain('已撤销：李小红 12月3日的评估');

    const open = await db.protectionPeriod.findMany({ where: { childId, voidedAt: null } });
    expect(open.map((p) => [p.level, p.endedOn])).toEqual([[3, null]]);
    expect((await talk('查询 李小红')).text).toContain('风险等级：蓝色（三级保护）');
  });

  it('should mask a phone or ID number typed into notes before echoing them', async () => {
    const reply = await chat('zr_a')('走访 王芳 今天 电话 奶奶电话13812345678');

    expect(reply.text).toContain('奶奶电话138****5678');
    expect(reply.text).not.toContain('13812345678');
  });

  it('should write nothing when R3.3 refuses', async () => {
    clock = new Date('2027-03-01T02:00:00Z');
    const before = await writes();

    await chat('dd_p')('评估 王芳 绿色 情况稳定');

    expect(await writes()).toEqual(before);
  });

  it('should ask for one leaving reason when several are written', async () => {
    const reply = await chat('dd_p')('退出 王芳 父母去世后被亲戚收养');

    expect(reply.text).toContain('看到了几个退出原因（死亡、被依法收养）');
  });

  it('should show an urgent report not linked to a child in the street staff’s 待办', async () => {
    await chat('zr_a')('报告 无名氏 路边有孩子深夜独自游荡');

    expect((await chat('dd_p')('待办')).text).toContain('无名氏：未结案');
    expect((await chat('qu_wang')('待办')).text).toContain('无名氏：未结案');
    expect((await chat('dd_c')('待办')).text).not.toContain('无名氏');
  });
});

describe('报告 by a supervisor', () => {
  it('should alert district staff but not the supervisor who filed it', async () => {
    const reply = await chat('dd_p')('报告 王芳 孩子说家里没有大人');

    const report = await db.urgentReport.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const pushes = await db.delivery.findMany({ where: { key: { startsWith: `urgent:${report.id}:` } } });
    expect(pushes.map((p) => p.recipient)).toEqual(['qu_wang']);
    expect(reply.text).toContain('（1 人）');
  });
});
