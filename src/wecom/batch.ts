/**
 * Group commit in the application: calls arriving while earlier batches are in flight are
 * gathered and sent as one statement. At low load a call goes out alone at once; under load one
 * commit carries many calls, which is what lets one PostgreSQL keep up with a burst of callbacks.
 */
export interface BatcherOptions<I, O> {
  run(items: I[]): Promise<O[]>;
  /** Items with the same key never share a batch (a statement may touch a row only once). */
  keyOf(item: I): string;
  maxBatch?: number;
  /** Batches running at once; more use more pool connections. */
  maxInFlight?: number;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(reason: unknown): void;
}

export function createBatcher<I, O>(options: BatcherOptions<I, O>): (item: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 200;
  const maxInFlight = options.maxInFlight ?? 3;
  let queue: Waiting<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) send(take());
  };

  const take = (): Waiting<I, O>[] => {
    const batch: Waiting<I, O>[] = [];
    const keys = new Set<string>();
    const later: Waiting<I, O>[] = [];
    for (const waiting of queue) {
      const key = options.keyOf(waiting.item);
      if (batch.length < maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(waiting);
      } else {
        later.push(waiting);
      }
    }
    queue = later;
    return batch;
  };

  const send = (batch: Waiting<I, O>[]) => {
    inFlight++;
    options
      .run(batch.map((w) => w.item))
      .then(
        (results) => {
          for (const [i, w] of batch.entries()) w.resolve(results[i] as O);
        },
        (err) => {
          for (const w of batch) w.reject(err);
        },
      )
      .finally(() => {
        inFlight--;
        flush();
      });
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Wait for the rest of this turn of the event loop, so simultaneous arrivals travel together.
      if (!scheduled && inFlight < maxInFlight) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
