/** WeCom's limits are UTF-8 bytes: 2048 for app text and markdown, 4096 for robot markdown. */
export const APP_TEXT_BYTES = 2048;
export const ROBOT_MARKDOWN_BYTES = 4096;

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Splits text into parts of at most maxBytes UTF-8 bytes, breaking between lines where it can
 * and inside a line (between characters, never inside one) only when that line alone is too long.
 * Parts holding only blank lines are dropped (WeCom refuses empty content).
 */
export function splitByBytes(text: string, maxBytes = APP_TEXT_BYTES): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must leave room for one character');
  if (byteLength(text) <= maxBytes) return [text];

  const parts: string[] = [];
  let lines: string[] = [];
  let bytes = 0;
  for (const line of text.split('\n')) {
    for (const piece of splitLongLine(line, maxBytes)) {
      const size = byteLength(piece);
      if (lines.length > 0 && bytes + 1 + size > maxBytes) {
        parts.push(lines.join('\n'));
        lines = [];
      }
      bytes = lines.length === 0 ? size : bytes + 1 + size;
      lines.push(piece);
    }
  }
  parts.push(lines.join('\n'));
  // A part of nothing but blank lines would be refused by WeCom (44004, empty content).
  return parts.filter((part) => part.trim() !== '');
}

/** A line longer than the limit, cut between code points. */
function splitLongLine(line: string, maxBytes: number): string[] {
  if (byteLength(line) <= maxBytes) return [line];
  const pieces: string[] = [];
  let piece = '';
  let bytes = 0;
  for (const char of line) {
    const size = byteLength(char);
    if (bytes + size > maxBytes) {
      pieces.push(piece);
      piece = '';
      bytes = 0;
    }
    piece += char;
    bytes += size;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}
