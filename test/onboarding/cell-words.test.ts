import { describe, expect, it } from 'vitest';
import { readCategoryCell } from '../../src/onboarding/cell-words.js';

describe('reading the 类别 cell', () => {
  it.each([
    ['C2b', ['C2b']],
    ['c5a、C4b', ['C4b', 'C5a']],
    ['低保户', ['C5a']],
    ['重病儿童', ['C4b']],
    ['父母一方死亡另一方服刑', ['C2b']],
    ['最低生活保障家庭儿童', ['C5a']],
  ])('should read %j', (cell, codes) => {
    expect(readCategoryCell(cell)).toEqual({ ok: true, value: codes });
  });

  // R1: a word inside another phrase is not a category (the mother's illness is not the
  // child's C4b; a disability without its grade is not C4a, R1.1).
  it.each(['母亲重病', '非低保', '轻度残疾', 'C2bx', '父亲残疾'])(
    'should not guess a category from %j',
    (cell) => {
      expect(readCategoryCell(cell)).toMatchObject({ ok: false });
    },
  );
});
