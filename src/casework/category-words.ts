// Reading the categories people write (codes such as C2b, the notice's labels, and the
// everyday words 低保, 重病, 流浪 …) into category codes. Shared by 登记 and the roster import.
import { CATEGORY_CODES, CATEGORY_LABELS, type CategoryCode } from '../policy/index.js';

/**
 * Everyday words for a category, matched as whole words (a trailing 儿童/家庭/户 is allowed):
 * 低保 and 低保户 are C5a, but 非低保 or 母亲重病 are not read as anything. A disability
 * without its grade is not enough for C4a (R1.1), so 残疾 alone is not a word here.
 */
export const CATEGORY_WORDS: [string, CategoryCode][] = [
  ['弃婴', 'C1a'],
  ['弃儿', 'C1a'],
  ['事实无人抚养', 'C2e'],
  ['重残', 'C4a'],
  ['重病', 'C4b'],
  ['大病', 'C4b'],
  ['流浪', 'C4c'],
  ['长期流浪', 'C4c'],
  ['低保', 'C5a'],
  ['特困', 'C5b'],
  ['特困供养', 'C5b'],
  ['建档立卡', 'C5c'],
  ['受虐', 'C6a'],
  ['遭受虐待', 'C6a'],
  ['遭受侵害', 'C6a'],
  ['失足', 'C6b'],
  ['失足未成年人', 'C6b'],
  ['突发事件', 'C6c'],
  ['意外伤害', 'C6c'],
];

const WORDS = new Map(CATEGORY_WORDS);

/** The category an everyday word names, whole word only. */
export function categoryWord(part: string): CategoryCode | undefined {
  return WORDS.get(part) ?? WORDS.get(part.replace(/(儿童|家庭|户)$/, ''));
}

/** Codes, labels and common words separated by 、 , ; or spaces → codes; or what was not understood. */
export function readCategories(text: string): CategoryCode[] | { problem: string } {
  const codes = new Set<CategoryCode>();
  for (const part of text.split(/[、,，;；\s]+/).filter(Boolean)) {
    const code = CATEGORY_CODES.find((c) => c.toLowerCase() === part.toLowerCase());
    const byLabel = CATEGORY_CODES.find((c) => CATEGORY_LABELS[c] === part);
    const found = code ?? byLabel ?? categoryWord(part);
    if (!found) return { problem: `看不懂类别“${part}”，请写类别编号，如 C2b、C5a。` };
    codes.add(found);
  }
  return [...codes];
}
