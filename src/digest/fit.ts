// Fitting a digest into WeCom's text limit: at most two messages of 2048 UTF-8 bytes, split
// between lines the way sendText splits (src/wecom/split.ts). What does not fit is counted in
// a last line that points to 待办.
import { APP_TEXT_BYTES, byteLength } from '../wecom/split.js';

export const MAX_MESSAGES = 2;

export interface DigestLine {
  text: string;
  /** counts as one item when cut (headings and summaries do not) */
  item: boolean;
}

export function moreLine(count: number): string {
  return `……另有 ${count} 项，发送“待办”查看。`;
}

/** Messages sendText would make of these lines (none longer than the limit). */
export function messagesFor(lines: readonly string[], maxBytes = APP_TEXT_BYTES): number {
  let parts = lines.length > 0 ? 1 : 0;
  let bytes = -1;
  for (const line of lines) {
    const size = byteLength(line);
    if (bytes >= 0 && bytes + 1 + size > maxBytes) {
      parts++;
      bytes = size;
    } else {
      bytes = bytes < 0 ? size : bytes + 1 + size;
    }
  }
  return parts;
}

/**
 * The lines to send: all of them when they fit in two messages, else the longest head that
 * fits together with a last line saying how many items were left out. `hidden` counts items
 * never turned into lines.
 */
export function fitLines(lines: readonly DigestLine[], hidden = 0): string[] {
  const texts = lines.map((l) => l.text);
  if (hidden === 0 && messagesFor(texts) <= MAX_MESSAGES) return texts;

  let left = hidden;
  const fits = prefixThatFits(texts);
  for (let i = fits; i < lines.length; i++) if (lines[i]!.item) left++;
  for (let keep = fits; keep > 0; keep--) {
    if (keep < fits && lines[keep]!.item) left++;
    const candidate = [...texts.slice(0, keep), moreLine(left)];
    if (messagesFor(candidate) <= MAX_MESSAGES) return candidate;
  }
  return [moreLine(hidden + lines.filter((l) => l.item).length)];
}

/** How many leading lines fit in MAX_MESSAGES messages on their own. */
function prefixThatFits(texts: readonly string[]): number {
  let parts = 1;
  let bytes = -1;
  for (let i = 0; i < texts.length; i++) {
    const size = byteLength(texts[i]!);
    if (bytes >= 0 && bytes + 1 + size > APP_TEXT_BYTES) {
      if (++parts > MAX_MESSAGES) return i;
      bytes = size;
    } else {
      bytes = bytes < 0 ? size : bytes + 1 + size;
    }
  }
  return texts.length;
}
