import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toLocalDate } from '../../src/policy/dates.js';
import { dutiesFor } from '../../src/policy/duties.js';
import { checkTransition } from '../../src/policy/levels.js';
import { nextForecast } from '../../src/policy/money.js';
import { childTodo } from '../../src/policy/todo.js';
import { homeVisit, level, makeHistory, service } from './builders.js';

const SOURCE = path.resolve(import.meta.dirname, '../../src/policy');

function sample() {
  const history = makeHistory({
    birthDate: '2010-02-28',
    periods: [level(2, '2026-01-31'), level(1, '2026-10-31')],
    visits: [homeVisit('2026-11-15')],
    services: [service('2026-11-02'), service('2026-12-01')],
  });
  return {
    duties: dutiesFor(history, '2026-12-31', { since: '2026-01-01' }),
    todo: childTodo(history, '2026-12-31'),
    transition: checkTransition({ level: 1, start: '2026-10-31' }, 2, '2027-01-31'),
    forecast: nextForecast('2026-12-31'),
    instant: toLocalDate(new Date('2026-12-31T16:30:00Z')),
  };
}

describe('purity: no clock, no host time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('should give the same results in New York, Shanghai and Kiritimati', () => {
    process.env.TZ = 'America/New_York';
    const newYork = sample();
    process.env.TZ = 'Asia/Shanghai';
    const shanghai = sample();
    process.env.TZ = 'Pacific/Kiritimati';
    const kiritimati = sample();

    expect(newYork).toEqual(shanghai);
    expect(kiritimati).toEqual(shanghai);
    expect(shanghai.instant).toBe('2027-01-01');
  });

  it('should never read the clock or build local-time dates in src/policy', () => {
    const files = readdirSync(SOURCE).filter((f) => f.endsWith('.ts'));
    const offenders = files.filter((f) =>
      /Date\.now|new Date\(\s*\)|performance\.now|getTimezoneOffset|get(?:FullYear|Month|Date|Day|Hours)\(|process\.|node:/.test(
        readFileSync(path.join(SOURCE, f), 'utf8'),
      ),
    );

    expect(files.length).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });
});
