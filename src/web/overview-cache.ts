// The overview's counts, kept per scope for a minute. Counting a district of 100,000 children
// and five years of visits takes seconds, so a request never waits for it once the scope has
// been counted: an older result is served at once and counted again in the background.
import type { StaffUser } from '../chat/scope.js';
import type { Logger } from '../logger.js';
import type { DirectorCounts } from './overview-data.js';

export interface CountedAt {
  rows: DirectorCounts[];
  /** when the counting started */
  at: Date;
}

interface Entry {
  value?: CountedAt;
  /** monotonic time of the count, for its age (the app's clock may stand still in tests) */
  countedMs?: number;
  pending?: Promise<CountedAt>;
}

export const OVERVIEW_MAX_AGE_MS = 60_000;

/** The scopes that see the same numbers share one entry: the district, a street, a director. */
export function scopeKey(user: StaffUser, today: string): string {
  const scope =
    user.role === 'district'
      ? 'district'
      : user.role === 'director'
        ? `director:${user.id}`
        : `street:${user.streetId}`;
  return `${today}|${scope}`;
}

export function createCountCache(options: { maxAgeMs: number; now: () => Date; log: Logger }) {
  const entries = new Map<string, Entry>();

  function refresh(key: string, entry: Entry, count: () => Promise<DirectorCounts[]>): Promise<CountedAt> {
    const at = options.now();
    const started = performance.now();
    entry.pending ??= count()
      .then((rows) => {
        entry.value = { rows, at };
        entry.countedMs = started;
        options.log.info({ scope: key, ms: Math.round(performance.now() - started) }, 'overview counted');
        return entry.value;
      })
      .finally(() => {
        entry.pending = undefined;
      });
    return entry.pending;
  }

  return {
    /** The latest counts for the key: fresh, or stale while a new count runs, or awaited the first time. */
    async get(key: string, count: () => Promise<DirectorCounts[]>): Promise<CountedAt> {
      let entry = entries.get(key);
      if (!entry) {
        // A new day's key: the counts of earlier days are of no use any more.
        const day = key.slice(0, key.indexOf('|') + 1);
        for (const old of entries.keys()) if (!old.startsWith(day)) entries.delete(old);
        entry = {};
        entries.set(key, entry);
      }
      if (!entry.value) return refresh(key, entry, count);
      if (performance.now() - entry.countedMs! >= options.maxAgeMs) {
        refresh(key, entry, count).catch((err) =>
          options.log.error({ err, scope: key }, 'overview count failed'),
        );
      }
      return entry.value;
    },
  };
}

export type CountCache = ReturnType<typeof createCountCache>;
