// How far back a child's visits and services must be read for the digest. The policy engine
// judges the level in force from its first day, and the periods of an earlier level that are
// still open on that day in full (R4.5), so only records from the earliest start of those
// periods can change the answer. Reading from there, instead of five years back, is what lets
// the digest load 100,000 children at once. test/digest/window.test.ts checks that the engine
// gives the same to-do list on the trimmed history as on the whole one.
import {
  type ChildHistory,
  DUTIES,
  dutiesFor,
  formatDay,
  type Level,
  type LocalDate,
  parseDay,
  periodStartDay,
} from '../policy/index.js';

export interface LevelInForce {
  level: Level | null;
  /** the first day visits and services are needed from, or null when none can count */
  readFrom: LocalDate | null;
}

/** The level in force on `today` and the first day of records the to-do list can depend on. */
export function levelAndReadFrom(
  history: Pick<ChildHistory, 'periods' | 'birthDate' | 'leftOn'>,
  today: LocalDate,
): LevelInForce {
  // With no records and `since` today, the engine only answers the level question cheaply.
  const report = dutiesFor({ ...history, visits: [], services: [] }, today, { since: today });
  if (report.levelSince === null) return { level: report.level, readFrom: null };

  const since = parseDay(report.levelSince);
  const starts = history.periods.map((p) => parseDay(p.start)).sort((a, b) => a - b);
  let from = since;
  for (const period of history.periods) {
    const start = parseDay(period.start);
    if (start >= since) continue;
    // The earliest period of this level's duties that still holds `since`.
    const earliest = earliestPeriodStart(period.level, since);
    const next = starts.find((s) => s > start) ?? Number.POSITIVE_INFINITY;
    // A period that ended before `earliest` has no window left open on `since`.
    if (next - 1 >= earliest && earliest < from) from = earliest;
  }
  return { level: report.level, readFrom: formatDay(from) };
}

function earliestPeriodStart(level: Level, day: number): number {
  let earliest = day;
  for (const spec of DUTIES[level]) earliest = Math.min(earliest, periodStartDay(spec.per, day));
  return earliest;
}
