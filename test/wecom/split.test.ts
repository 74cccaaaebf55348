import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteLength, splitByBytes } from '../../src/wecom/split.js';

describe('splitByBytes', () => {
  it('should leave a text within the limit alone', () => {
    expect(splitByBytes('短消息\n第二行', 2048)).toEqual(['短消息\n第二行']);
  });

  it('should count UTF-8 bytes, not characters', () => {
    const line = '儿'.repeat(600); // 600 characters, 1800 bytes
    const parts = splitByBytes(`${line}\n${line}`, 2048);

    expect(parts).toEqual([line, line]);
  });

  it('should break between lines, keeping lines whole', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `第${i}行：张三 入户走访 已完成`);
    const parts = splitByBytes(lines.join('\n'), 300);

    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    for (const part of parts) expect(byteLength(part)).toBeLessThanOrEqual(300);
  });

  it('should cut a line longer than the limit between characters', () => {
    const parts = splitByBytes('字'.repeat(10), 8);

    expect(parts).toEqual(['字字', '字字', '字字', '字字', '字字']);
  });

  it('should never send a part of blank lines only', () => {
    const parts = splitByBytes(`${'a'.repeat(10)}\n\n\n${'b'.repeat(10)}`, 10);

    expect(parts).toEqual(['a'.repeat(10), 'b'.repeat(10)]);
  });

  it('should keep every part under the limit and every character, for any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 4, max: 120 }),
        (text, max) => {
          const parts = splitByBytes(text, max);

          for (const part of parts) expect(byteLength(part)).toBeLessThanOrEqual(max);
          expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        },
      ),
    );
  });
});
