// The personal-data scan that ends every test run (test/helpers/pii.ts) must find what it is for.
import { describe, expect, it } from 'vitest';
import { testId } from './helpers/district.js';
import { findPersonalData } from './helpers/pii.js';

describe('the personal-data scan', () => {
  it('should find a full ID number and a full mobile number, and show neither in its report', () => {
    const id = testId('2015-03-08', '123');
    const text = `{"msg":"chat reply","reply":"身份证 ${id}，监护人电话 13812345678"}`;

    const found = findPersonalData(text);

    expect(found.map((f) => f.kind)).toEqual(['id', 'mobile']);
    expect(found.some((f) => f.excerpt.includes(id) || f.excerpt.includes('13812345678'))).toBe(false);
  });

  it('should pass masked numbers, wrong check digits, MsgIds and timestamps', () => {
    const id = testId('2015-03-08', '123');
    const wrong = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
    const text = [
      `身份证：${id.slice(0, 6)}********${id.slice(-4)}`,
      '电话：138****5678',
      wrong,
      '"msgId":"7301234567890120000"',
      '"time":1764806400123',
    ].join('\n');

    expect(findPersonalData(text)).toEqual([]);
  });
});
