import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/wecom/batch.js';

describe('createBatcher', () => {
  it('should send simultaneous calls together and give each caller its own result', async () => {
    const batches: number[][] = [];
    const double = createBatcher<number, number>({
      keyOf: String,
      maxInFlight: 1,
      run: async (items) => {
        batches.push(items);
        return items.map((n) => n * 2);
      },
    });

    const results = await Promise.all([1, 2, 3, 4].map(double));

    expect(results).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('should never put two items with the same key in one batch', async () => {
    const batches: string[][] = [];
    const echo = createBatcher<string, string>({
      keyOf: (s) => s,
      run: async (items) => {
        batches.push(items);
        return items;
      },
    });

    await Promise.all(['a', 'a', 'b', 'a'].map(echo));

    for (const batch of batches) expect(new Set(batch).size).toBe(batch.length);
    expect(batches.flat().sort()).toEqual(['a', 'a', 'a', 'b']);
  });

  it('should fail every call of a batch whose statement failed, and carry on with the next', async () => {
    let calls = 0;
    const flaky = createBatcher<number, number>({
      keyOf: String,
      maxInFlight: 1,
      run: async (items) => {
        calls++;
        if (calls === 1) throw new Error('database went away');
        return items;
      },
    });

    const first = Promise.allSettled([1, 2].map(flaky));
    const failed = await first;
    const later = await flaky(3);

    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(later).toBe(3);
  });
});
