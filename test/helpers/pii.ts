// The personal-data scan of a test run: every reply and log line the suite wrote (see
// test/pii-sink.ts) is searched for an ID number or a mobile number shown in full.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { idCheckCharacter } from '../../src/policy/index.js';

/** 18 characters, the last a check character that fits the 17 digits before it. */
const ID = /(?<![\dA-Za-z])(\d{17})([\dXx])(?![\dA-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export interface Finding {
  file: string;
  kind: 'id' | 'mobile';
  /** The match with its middle masked, and a little context: the report must not leak either. */
  excerpt: string;
}

export function findPersonalData(text: string, file = ''): Finding[] {
  const found: Finding[] = [];
  const excerpt = (at: number, match: string) =>
    `${text.slice(Math.max(0, at - 40), at).replace(/\d/g, '#')}${match.slice(0, 3)}****${match.slice(-2)}`.replace(
      /\s+/g,
      ' ',
    );
  for (const m of text.matchAll(ID)) {
    if (idCheckCharacter(m[1]!) === m[2]!.toUpperCase())
      found.push({ file, kind: 'id', excerpt: excerpt(m.index, m[0]) });
  }
  for (const m of text.matchAll(MOBILE))
    found.push({ file, kind: 'mobile', excerpt: excerpt(m.index, m[0]) });
  return found;
}

export async function scanDirectory(
  dir: string,
): Promise<{ files: number; lines: number; findings: Finding[] }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let lines = 0;
  const findings: Finding[] = [];
  for (const name of names) {
    const text = await readFile(path.join(dir, name), 'utf8');
    lines += text.split('\n').length - 1;
    findings.push(...findPersonalData(text, name));
  }
  return { files: names.length, lines, findings };
}
