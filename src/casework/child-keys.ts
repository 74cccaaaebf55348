import { pinyin } from 'pinyin-pro';

/** Lower-case first letters of a Chinese name's pinyin, surname readings first: 曾小乐 → zxl. */
export function nameInitials(name: string): string {
  const letters = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' });
  return letters
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** The columns kept beside a child's name and ID number so chat can find the child quickly. */
export function childSearchKeys(name: string, idNumber: string): { nameInitials: string; idTail: string } {
  return { nameInitials: nameInitials(name), idTail: idNumber.slice(-4).toUpperCase() };
}
