/** At most `limit` sends in any `windowMs`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

// WeCom drops, without an error, app messages past 30 a minute or 1000 an hour to one member
// (doc 90236 频率限制). A second of margin covers the clock of the far side.
export const MEMBER_WINDOWS: RateWindow[] = [
  { limit: 30, windowMs: 61_000 },
  { limit: 1000, windowMs: 3_601_000 },
];

// A group robot accepts 20 messages a minute and answers 45009 beyond (doc 91770).
export const ROBOT_WINDOWS: RateWindow[] = [{ limit: 20, windowMs: 61_000 }];

/**
 * Books send times per key (a member, a robot) so that no window is exceeded. Books are kept in
 * memory, per process: several instances sending to the same member each keep their own.
 */
export interface Pacer {
  /** Books one send for every key and returns the earliest time (ms epoch) it may go. */
  reserve(keys: readonly string[], now: number): number;
}

export function createPacer(windows: readonly RateWindow[]): Pacer {
  const longest = Math.max(...windows.map((w) => w.windowMs));
  const biggest = Math.max(...windows.map((w) => w.limit));
  // Booked times per key, ascending: a new booking is never earlier than the last one.
  const books = new Map<string, number[]>();
  let bookings = 0;

  const earliestFor = (times: number[], now: number): number => {
    let at = Math.max(now, times[times.length - 1] ?? now);
    for (const w of windows) {
      const blocking = times[times.length - w.limit];
      if (blocking !== undefined) at = Math.max(at, blocking + w.windowMs);
    }
    return at;
  };

  return {
    reserve(keys, now) {
      const lists = keys.map((key) => {
        let times = books.get(key);
        if (!times) {
          times = [];
          books.set(key, times);
        }
        prune(times, now - longest, biggest);
        return times;
      });
      const at = lists.reduce((latest, times) => Math.max(latest, earliestFor(times, now)), now);
      for (const times of lists) times.push(at);
      if (++bookings % 1000 === 0) forgetIdle(books, now - longest);
      return at;
    },
  };
}

function forgetIdle(books: Map<string, number[]>, before: number): void {
  for (const [key, times] of books) {
    if ((times[times.length - 1] ?? 0) <= before) books.delete(key);
  }
}

function prune(times: number[], before: number, keep: number): void {
  let drop = 0;
  while (drop < times.length && (times[drop] as number) <= before) drop++;
  drop = Math.max(drop, times.length - keep);
  if (drop > 0) times.splice(0, drop);
}
