// Reading the categories people write (codes such as C2b, the notice's labels, and the
// everyday words 低保, 重病, 流浪 …) into category codes. Shared by 登记 and the roster import.
import { CATEGORY_CODES, CATEGORY_LABELS, type CategoryCode } from '../policy/index.js';

export const CATEGORY_WORDS: [string, CategoryCode][] = [
  ['弃婴', 'C1a'],
  ['弃儿', 'C1a'],
  ['事实无人抚养', 'C2e'],
  ['重残', 'C4a'],
  ['残疾', 'C4a'],
  ['重病', 'C4b'],
  ['大病', 'C4b'],
  ['流浪', 'C4c'],
  ['低保', 'C5a'],
  ['特困', 'C5b'],
  ['建档立卡', 'C5c'],
  ['虐待', 'C6a'],
  ['侵害', 'C6a'],
  ['失足', 'C6b'],
  ['突发', 'C6c'],
  ['意外', 'C6c'],
];

/** Codes, labels and common words separated by 、 , ; or spaces → codes; or what was not understood. */
export function readCategories(text: string): CategoryCode[] | { problem: string } {
  const codes = new Set<CategoryCode>();
  for (const part of text.split(/[、,，;；\s]+/).filter(Boolean)) {
    const code = CATEGORY_CODES.find((c) => c.toLowerCase() === part.toLowerCase());
    const byLabel = CATEGORY_CODES.find((c) => CATEGORY_LABELS[c] === part);
    const byWord = CATEGORY_WORDS.find(([w]) => part.includes(w))?.[1];
    const found = code ?? byLabel ?? byWord;
    if (!found) return { problem: `看不懂类别“${part}”，请写类别编号，如 C2b、C5a。` };
    codes.add(found);
  }
  return [...codes];
}
