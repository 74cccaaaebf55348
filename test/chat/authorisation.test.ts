// The authorisation matrix: every chat command × every role × a child of one's own, of the
// same street (another community) and of another street. In scope the command goes ahead;
// out of scope the answer is the standard "not found" (or the role's refusal), and no reply
// ever shows anything of another street's child that the sender did not type: not its name,
// community, masked ID or ID tail, director, nor in lists, disambiguation or suggestions.
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { childSearchKeys } from '../../src/casework/child-keys.js';
import { maskIdNumber } from '../../src/chat/mask.js';
import { createChatHandler } from '../../src/chat/router.js';
import type { ChatHandler } from '../../src/chat/types.js';
import type { Db } from '../../src/db/client.js';
import { createOutbox } from '../../src/digest/outbox.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDistrict, NOW, testId } from '../helpers/district.js';

type Target = 'own' | 'sameStreet' | 'otherStreet';
type Role = 'director' | 'supervisor' | 'street' | 'district';

/** One sender per role, all but district staff in 平江街道; the director is zr_a (平江路). */
const SENDERS: Record<Role, string> = {
  director: 'zr_a',
  supervisor: 'dd_p',
  street: 'jd_p',
  district: 'qu_wang',
};
/** 王芳 (zr_a, 平江路), 孙浩然 (zr_b, 钮家巷, same street), 李小红 (zr_c, 南门, 沧浪街道). */
const NAMES: Record<Target, string> = { own: '王芳', sameStreet: '孙浩然', otherStreet: '李小红' };
const IN_SCOPE: Record<Role, Target[]> = {
  director: ['own'],
  supervisor: ['own', 'sameStreet'],
  street: ['own', 'sameStreet'],
  district: ['own', 'sameStreet', 'otherStreet'],
};

/** Messages naming a child, by command; leave (退出) last, as it takes the child off. */
const ABOUT_CHILD: Record<string, (name: string) => string> = {
  lookup: (n) => `查询 ${n}`,
  visit: (n) => `走访 ${n} 昨天 入户 情况稳定`,
  service: (n) => `服务 ${n} 昨天 心理疏导 第一次`,
  assess: (n) => `评估 ${n} 黄色 监护情况有变化`,
  report: (n) => `报告 ${n} 邻居反映孩子两天没人照看`,
  resource: (n) => `资源 ${n} 姑苏区爱心助学会 学业帮扶`,
  leave: (n) => `退出 ${n} 迁出`,
};
/** Commands about no one child, in a form each accepts. */
const ABOUT_NONE: Record<string, string> = {
  todo: '待办',
  undo: '撤销',
  register: '登记\n姓名：新孩子\n身份证号：320508201801010011\n社区：平江路社区\n儿童主任：蒋玉兰',
  subsidy: '补贴 2026-12',
  spreadsheet: '报表 2026-12',
  apply: '申请 王小雨 320508201503070027 C1b 平江路社区 材料齐全',
  review: '审核 #1 通过 入户核实属实',
  decide: '审批 #1 批准',
  rates: '补贴标准',
  help: '帮助',
};

let db: Db;
let handler: ChatHandler;
/** Everything of 李小红 and her twin-named neighbours that must not reach 平江街道. */
let secrets: string[];
let msgId = 0;

async function send(user: string, text: string): Promise<string> {
  const reply = await handler({ kind: 'text', userId: user, text, msgId: String(++msgId), createdAt: NOW });
  return [reply?.text ?? '', reply?.markdown ?? ''].join('\n');
}

/** The pieces of another street's children that `reply` shows although `typed` did not name them. */
function leaks(reply: string, typed: string, among = secrets): string[] {
  return among.filter((s) => !typed.includes(s) && reply.includes(s));
}

const isNotFound = (reply: string) => /^没有找到“/.test(reply) || reply.includes('没有唯一找到');
const isRoleRefusal = (reply: string) => /^“[^”]+”由.+使用。/.test(reply);

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  const { staff } = await buildDistrict(db);
  const [pjl, njx, nm] = await Promise.all(
    ['平江路社区', '钮家巷社区', '南门社区'].map((name) =>
      db.community.findFirstOrThrow({ where: { name } }),
    ),
  );
  const add = (name: string, seq: string, director: number, c: { id: number; streetId: number }) => {
    const idNumber = testId('2014-04-04', seq);
    return db.child.create({
      data: {
        name,
        idNumber,
        ...childSearchKeys(name, idNumber),
        sex: 'male',
        birthDate: new Date('2014-04-04T00:00:00Z'),
        streetId: c.streetId,
        communityId: c.id,
        directorId: director,
      },
    });
  };
  await add('孙浩然', '611', staff.zrB.id, njx!);
  // Same names in both streets: a disambiguation list must show only one's own street.
  await add('陈思远', '713', staff.zrA.id, pjl!);
  const far = await add('陈思远', '815', staff.zrC.id, nm!);
  const xiaohong = await db.child.findFirstOrThrow({ where: { name: '李小红' } });
  secrets = [
    '李小红',
    '南门',
    '沧浪',
    '钱志明',
    maskIdNumber(xiaohong.idNumber),
    xiaohong.idNumber.slice(-4),
    maskIdNumber(far.idNumber),
    far.idNumber.slice(-4),
  ];
  handler = createChatHandler({
    db,
    log: createSilentLogger(),
    notifier: createOutbox({ db, log: createSilentLogger() }),
    now: () => NOW,
  });
});

describe('the authorisation matrix', () => {
  it('should cover every chat command', () => {
    const covered = new Set([...Object.keys(ABOUT_CHILD), ...Object.keys(ABOUT_NONE)]);

    expect(COMMANDS.map((c) => c.name).filter((name) => !covered.has(name))).toEqual([]);
  });

  for (const role of Object.keys(SENDERS) as Role[]) {
    it(`should let a ${role} reach exactly the children in scope, and show nothing of another street`, async () => {
      const user = SENDERS[role];
      const rows: string[] = [];
      for (const [command, message] of Object.entries(ABOUT_CHILD)) {
        const allowedRoles = COMMANDS.find((c) => c.name === command)!.roles;
        for (const target of ['own', 'sameStreet', 'otherStreet'] as Target[]) {
          const typed = message(NAMES[target]);
          const reply = await send(user, typed);
          const inScope = IN_SCOPE[role].includes(target);
          const outcome = !allowedRoles.includes(role)
            ? isRoleRefusal(reply)
              ? 'role'
              : 'WRONG'
            : inScope
              ? isNotFound(reply)
                ? 'WRONG'
                : 'allowed'
              : isNotFound(reply)
                ? 'not found'
                : 'WRONG';
          const leaked = role === 'district' ? [] : leaks(reply, typed);
          rows.push(`${command} ${target}: ${outcome}${leaked.length ? ` LEAK ${leaked.join(',')}` : ''}`);
        }
      }
      // The bare name may rightly appear here: 帮助 has it in an example, and 待办 lists the
      // urgent report a colleague filed under the name they typed. Everything else may not.
      const unnamed = secrets.filter((s) => s !== '李小红');
      for (const [command, typed] of Object.entries(ABOUT_NONE)) {
        const leaked = role === 'district' ? [] : leaks(await send(user, typed), typed, unnamed);
        rows.push(`${command}: ${leaked.length ? `LEAK ${leaked.join(',')}` : 'no leak'}`);
      }

      expect(rows.filter((r) => r.includes('WRONG') || r.includes('LEAK'))).toEqual([]);
      // Out of scope is always "not found" (or the role's refusal), never the child itself.
      const forRole = Object.keys(ABOUT_CHILD).filter((name) =>
        COMMANDS.find((c) => c.name === name)!.roles.includes(role),
      );
      expect(rows.filter((r) => r.includes('otherStreet: allowed'))).toHaveLength(
        role === 'district' ? forRole.length : 0,
      );
      expect(forRole.length).toBeGreaterThan(2);
    });
  }

  it.each(['director', 'supervisor', 'street'] as Role[])(
    'should find another street’s child for a %s by no name, initials, ID tail, prefix or similar name',
    async (role) => {
      const user = SENDERS[role];
      const xiaohong = await db.child.findFirstOrThrow({ where: { name: '李小红' } });
      const probes = [
        '查询 lxh',
        `查询 ${xiaohong.idNumber.slice(-4)}`,
        '查询 李小',
        '查询 李小虹',
        '走访 李小红昨天 入户',
        '查询 陈思远',
        '走访 陈思远 昨天 入户 情况稳定',
      ];
      const replies = [];
      for (const typed of probes)
        replies.push({ typed, reply: await send(user, typed), leaked: [] as string[] });
      for (const r of replies) r.leaked = leaks(r.reply, r.typed);

      expect(replies.filter((r) => r.leaked.length > 0)).toEqual([]);
      // 陈思远 of 南门 is not listed beside the one of 平江路.
      expect(replies[5]!.reply).not.toMatch(/^找到 \d 名儿童/);
    },
  );

  it('should list both 陈思远 for district staff, with their communities', async () => {
    const reply = await send('qu_wang', '查询 陈思远');

    expect(reply).toMatch(/^找到 2 名儿童/);
    expect(reply).toContain('平江路社区');
    expect(reply).toContain('南门社区');
  });
});
