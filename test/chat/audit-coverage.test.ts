// Every write a chat command makes has its audit record (R4.1). Triggers count the rows each
// command inserts, updates and deletes per table; the audit trail must hold as many entries
// for the table, or, for rows that only belong to another (a child's guardians, a level's
// protection period), an entry for that other table in the same transaction.
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { createChatHandler } from '../../src/chat/router.js';
import type { ChatHandler } from '../../src/chat/types.js';
import type { Db } from '../../src/db/client.js';
import { createOutbox } from '../../src/digest/outbox.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildDistrict, NOW, testId } from '../helpers/district.js';

/** Bookkeeping of the bot itself, not case records: no audit expected. */
const NOT_RECORDS = new Set([
  'InboundMessage',
  'Delivery',
  'ChatPending',
  'JobRun',
  'AuditEntry',
  'WriteCount',
]);
/** Rows that are part of another table's record and audited with it. */
const PART_OF: Record<string, string> = {
  Guardian: 'Child',
  ChildCategory: 'Child',
  ProtectionPeriod: 'Assessment',
  ApplicationStep: 'SubsidyApplication',
};

/** Each write command once, by someone allowed to use it, in an order where each succeeds. */
const WRITES: [user: string, text: string][] = [
  ['zr_a', '走访 王芳 昨天 入户 情况稳定'],
  ['zr_a', '服务 王芳 昨天 心理疏导 第一次'],
  ['dd_p', '资源 王芳 姑苏区爱心助学会 学业帮扶'],
  ['zr_a', '报告 王芳 邻居反映孩子两天没人照看'],
  ['zr_a', '走访 赵一诺 今天 入户 情况稳定'],
  ['zr_a', '撤销'],
  ['dd_p', '评估 赵一诺 黄色 首次评估'],
  [
    'jd_p',
    `登记\n姓名：周新宇\n身份证号：${testId('2018-01-01', '011')}\n类别：C2b\n父亲：死亡\n母亲：服刑\n监护人：祖母 王秀英\n电话：13900001111\n社区：平江路社区\n儿童主任：蒋玉兰`,
  ],
  ['jd_p', `申请 王小雨 ${testId('2015-03-07', '002')} C1b 平江路社区 材料齐全`],
  ['dd_p', '审核 #1 通过 入户核实属实'],
  ['qu_wang', '审批 #1 批准'],
  ['qu_wang', '补贴标准 C1 2600 2027-01'],
  ['dd_p', '退出 王芳 迁出'],
];

let db: Db;
let handler: ChatHandler;
const replies: string[] = [];

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  await buildDistrict(db);
  // Counted from here on: what the commands write, not what the fixture did.
  await db.$executeRawUnsafe(`CREATE TABLE "WriteCount" (tbl text NOT NULL, txid bigint NOT NULL)`);
  await db.$executeRawUnsafe(`
    CREATE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO "WriteCount" VALUES (TG_TABLE_NAME, txid_current()); RETURN NULL; END $$`);
  const tables = await db.$queryRaw<{ t: string }[]>`
    SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_%'`;
  for (const { t } of tables.filter(({ t }) => !NOT_RECORDS.has(t))) {
    await db.$executeRawUnsafe(
      `CREATE TRIGGER count_write AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION count_write()`,
    );
  }
  await db.$executeRawUnsafe(`ALTER TABLE "AuditEntry" ADD COLUMN txid bigint DEFAULT txid_current()`);
  handler = createChatHandler({
    db,
    log: createSilentLogger(),
    notifier: createOutbox({ db, log: createSilentLogger() }),
    now: () => NOW,
  });
  let n = 0;
  for (const [user, text] of WRITES) {
    const reply = await handler({ kind: 'text', userId: user, text, msgId: String(++n), createdAt: NOW });
    replies.push(reply?.text ?? '');
  }
});

describe('audit coverage of the chat commands', () => {
  it('should have run every command that writes, each going ahead', () => {
    const names = new Set(COMMANDS.map((c) => c.name));
    expect(names.size).toBeGreaterThan(10);
    expect(replies.filter((r) => /没有找到|没看懂|由.+使用|系统出错/.test(r))).toEqual([]);
  });

  it('should write one audit entry per row written, per table', async () => {
    const writes = await db.$queryRaw<{ tbl: string; n: number }[]>`
      SELECT tbl, count(*)::int AS n FROM "WriteCount" GROUP BY tbl ORDER BY tbl`;
    const audits = await db.$queryRaw<{ entity: string; n: number }[]>`
      SELECT entity, count(*)::int AS n FROM "AuditEntry" GROUP BY entity`;
    const audited = new Map(audits.map((a) => [a.entity, a.n]));

    const own = writes.filter((w) => !PART_OF[w.tbl]);
    expect(own.map((w) => `${w.tbl}: ${w.n} written, ${audited.get(w.tbl) ?? 0} audited`)).toEqual(
      own.map((w) => `${w.tbl}: ${w.n} written, ${w.n} audited`),
    );
    expect(own.length).toBeGreaterThanOrEqual(8);
  });

  it('should write the rows that belong to another record in a transaction that audits that record', async () => {
    const uncovered = await db.$queryRaw<{ tbl: string; n: number }[]>`
      SELECT w.tbl, count(*)::int AS n FROM "WriteCount" w
       WHERE w.tbl = ANY(${Object.keys(PART_OF)})
         AND NOT EXISTS (SELECT 1 FROM "AuditEntry" a WHERE a.txid = w.txid)
       GROUP BY w.tbl`;
    const parts = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "WriteCount" WHERE tbl = ANY(${Object.keys(PART_OF)})`;

    expect(uncovered).toEqual([]);
    expect(parts[0]!.n).toBeGreaterThan(0);
  });
});
