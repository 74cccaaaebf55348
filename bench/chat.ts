// `npm run bench:chat`: in-process handling of 查询 and 走访 through the real command layer
// on the demo district plus BENCH_CHILDREN (default 100,000) generated children, each with a
// protection period and a year of visits and services. Reports p50/p99 per command.
//   BENCH_CHILDREN (default 100000), BENCH_CALLS (default 2000 per case)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createChatHandler } from '../src/chat/router.js';
import { createDb } from '../src/db/client.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { freePort } from '../src/db/free-port.js';
import { migrateDeploy } from '../src/db/migrate.js';
import { fillDemo } from '../src/demo/demo.js';
import { createOutbox } from '../src/digest/outbox.js';
import { createSilentLogger } from '../src/logger.js';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 100_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const TODAY = '2026-12-03';
const NOW = new Date('2026-12-03T02:00:00Z');

/** Generated children: 40 per extra director, names with collisions like a real district. */
const GENERATE = `
WITH s AS (SELECT id AS street_id FROM "Street" ORDER BY id LIMIT 1),
     c AS (SELECT id AS community_id, "streetId" FROM "Community" ORDER BY id LIMIT 1)
INSERT INTO "Staff" (userid, name, role, "streetId", "communityId", active, "updatedAt")
SELECT 'gen_zr_' || g, '主任' || g, 'director', c."streetId", c.community_id, true, now()
FROM generate_series(1, $1::int / 40) g, c;

INSERT INTO "Child" (name, "nameInitials", "idNumber", "idTail", sex, "birthDate", "streetId", "communityId",
                     "directorId", "updatedAt")
SELECT (ARRAY['张','王','李','赵','陈','刘','杨','黄'])[1 + g % 8] || (ARRAY['小明','欣怡','子轩','雨桐','浩然','思琪','一鸣','佳怡','天佑','梓涵'])[1 + (g / 8) % 10] || (g % 997)::text,
       'gen', '9' || lpad(g::text, 17, '0'), right(lpad(g::text, 17, '0'), 4),
       CASE WHEN g % 2 = 0 THEN 'male'::"Sex" ELSE 'female'::"Sex" END,
       DATE '2010-01-01' + (g % 5000),
       d."streetId", d."communityId", d.id, now()
FROM generate_series(1, $1::int) g
JOIN "Staff" d ON d.userid = 'gen_zr_' || (1 + (g - 1) / 40);
`;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gat-bench-chat-'));
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'bench',
  });
  try {
    await migrateDeploy(server.url);
    const db = createDb(server.url, 10);
    await fillDemo(db, TODAY);
    const t0 = performance.now();
    await generate(server.url);
    console.log(
      `generated ${CHILDREN} children with histories in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const log = createSilentLogger();
    const handler = createChatHandler({ db, log, notifier: createOutbox({ db, log }), now: () => NOW });
    const director = await db.staff.findUniqueOrThrow({ where: { userid: 'zr_pjl' } });
    const own = await db.child.findMany({ where: { directorId: director.id }, select: { name: true } });
    const generated = await db.child.findMany({
      where: { nameInitials: 'gen' },
      select: { name: true },
      take: 500,
    });

    const cases: [string, string, (i: number) => string][] = [
      ['查询 (director, own child)', 'zr_pjl', (i) => `查询 ${own[i % own.length]!.name}`],
      ['查询 (district, 100k in scope)', 'qu_wang', (i) => `查询 ${generated[i % generated.length]!.name}`],
      ['走访 (director)', 'zr_pjl', (i) => `走访 ${own[i % own.length]!.name} 今天 入户 情况稳定`],
    ];
    console.log(`| case | calls | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|`);
    for (const [name, user, text] of cases) {
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const start = performance.now();
        const reply = await handler({
          kind: 'text',
          userId: user,
          text: text(i),
          msgId: String(i),
          createdAt: NOW,
        });
        times.push(performance.now() - start);
        if (reply?.outcome === 'error') throw new Error(`${name}: ${reply.text}`);
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
      console.log(`| ${name} | ${CALLS} | ${q(0.5)} | ${q(0.99)} | ${times.at(-1)!.toFixed(1)} |`);
    }
    await db.$disconnect();
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function generate(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of GENERATE.split(';').filter((s) => s.trim()))
      await client.query(statement, [CHILDREN]);
    // One assessment and period each, a visit a month and a service a month for a year.
    await client.query(`
      INSERT INTO "Assessment" ("childId", "assessedOn", "assessorId", tier, reason)
      SELECT c.id, DATE '2026-01-05', c."directorId", 1 + c.id % 4, '生成' FROM "Child" c WHERE c."nameInitials" = 'gen';
      INSERT INTO "ProtectionPeriod" ("childId", level, "startOn", "assessmentId")
      SELECT a."childId", a.tier, a."assessedOn", a.id FROM "Assessment" a WHERE a.reason = '生成';
      INSERT INTO "Visit" ("childId", "visitedOn", "staffId", kind)
      SELECT c.id, DATE '2026-01-10' + m * 30, c."directorId", 'home' FROM "Child" c, generate_series(0, 10) m
      WHERE c."nameInitials" = 'gen';
      INSERT INTO "ServiceSession" ("childId", "servedOn", "staffId", type, recipient)
      SELECT c.id, DATE '2026-01-12' + m * 30, c."directorId", 'counselling', 'child' FROM "Child" c, generate_series(0, 10) m
      WHERE c."nameInitials" = 'gen';
      ANALYZE;
    `);
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
