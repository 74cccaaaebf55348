// Synthetic five-year histories for the policy benchmark: a mix of tiers that moves the way
// the rules allow, visits and services at roughly the required pace with some gaps.
import { addDays, dayFromYmd, formatDay, parseDay } from '../src/policy/dates.js';
import type { ChildHistory, ServiceRecord, VisitRecord } from '../src/policy/duties.js';
import type { Level, ServiceType } from '../src/policy/labels.js';
import { checkTransition, type LevelPeriod } from '../src/policy/levels.js';

const CASE_TYPES: ServiceType[] = [
  'counselling',
  'tutoring',
  'growth_education',
  'interests',
  'resource_linking',
];

/** Small deterministic generator (mulberry32), so every run sees the same children. */
export function createRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
}

function initialTier(roll: number): Level {
  if (roll < 5) return 1;
  if (roll < 20) return 2;
  if (roll < 50) return 3;
  return 4;
}

/**
 * The tier a reassessment proposes: mostly the same, often one step lower, sometimes higher
 * after an incident. The rules then refuse what they must (R3.2, R3.3).
 */
function nextTier(level: Level, roll: number): Level {
  if (roll < 55) return level;
  if (roll < 85) return Math.min(4, level + 1) as Level;
  if (roll < 95) return Math.max(1, level - 1) as Level;
  return (1 + (roll % 4)) as Level;
}

/** Sessions per 30 days at each level: about weekly, twice a month, monthly, now and then. */
const SESSIONS_PER_MONTH: Record<Level, number> = { 1: 5, 2: 2, 3: 1, 4: 0.3 };

export function makeHistories(count: number, today: string, years = 5): ChildHistory[] {
  const random = createRandom(count);
  const end = parseDay(today);
  const start = parseDay(addDays(today, -Math.round(years * 365.25)));
  // Every record date string is shared, as a database driver's would not be, to keep memory
  // about the records themselves.
  const dayText: string[] = [];
  for (let d = start; d <= end; d++) dayText.push(formatDay(d));
  const text = (day: number) => dayText[day - start]!;

  const children: ChildHistory[] = [];
  for (let c = 0; c < count; c++) {
    const periods: LevelPeriod[] = [{ level: initialTier(random(100)), start: text(start + random(60)) }];
    const visits: VisitRecord[] = [];
    const services: ServiceRecord[] = [];
    let current = periods[0]!;
    let day = parseDay(current.start);

    while (day <= end) {
      // Work through the time until the next assessment, 2–8 months on.
      const next = Math.min(day + 60 + random(180), end + 1);
      const perMonth = SESSIONS_PER_MONTH[current.level];
      for (let d = day; d < next; d += 1 + random(Math.max(2, Math.round(60 / perMonth)))) {
        if (random(10) < 9) services.push({ on: text(d), type: CASE_TYPES[random(5)]!, recipient: 'child' });
      }
      for (let d = day + random(20); d < next; d += 20 + random(25)) {
        if (random(10) < 9)
          visits.push({ on: text(d), kind: random(8) === 0 ? 'phone' : 'home', by: 'director' });
      }
      if (next > end) break;

      const proposed = nextTier(current.level, random(100));
      const result = checkTransition(current, proposed, text(next));
      if (result.allowed && result.startsNewPeriod) {
        current = result.period;
        periods.push(current);
      }
      day = next;
    }
    const birth = dayFromYmd(2009, 1, 1) + random(15 * 365);
    children.push({ periods, visits, services, birthDate: formatDay(birth) });
  }
  return children;
}
