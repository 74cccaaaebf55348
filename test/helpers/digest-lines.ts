// Child process of test/digest/timezone.test.ts: prints, as JSON, the digests built for the
// days in DIGEST_DAYS from DIGEST_DB_URL, and the local day of a few instants, under whatever
// TZ it was started with.
import { createDb } from '../../src/db/client.js';
import { buildDigests } from '../../src/digest/build.js';
import { toLocalDate } from '../../src/policy/index.js';

const db = createDb(process.env.DIGEST_DB_URL as string, 2);
const out: Record<string, unknown> = {
  tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
  offsetMinutes: new Date('2026-12-03T00:00:00Z').getTimezoneOffset(),
  localDays: ['2026-12-31T15:59:59Z', '2026-12-31T16:00:00Z', '2026-03-08T07:30:00Z'].map((at) =>
    toLocalDate(new Date(at)),
  ),
};
for (const day of (process.env.DIGEST_DAYS as string).split(',')) {
  out[day] = (await buildDigests(db, day)).map((d) => ({ to: d.recipient, lines: d.lines }));
}
await db.$disconnect();
process.stdout.write(JSON.stringify(out));
