import { describe, expect, it } from 'vitest';
import { fitLines, MAX_MESSAGES, messagesFor, moreLine } from '../../src/digest/fit.js';
import { splitByBytes } from '../../src/wecom/split.js';

const item = (i: number) => ({
  text: `儿童${i}：个案服务（2026年11月，0/1）已逾期3天 → 服务 儿童${i} …`,
  item: true,
});

describe('fitting a digest into two WeCom messages', () => {
  it('should keep a short digest whole', () => {
    const lines = [{ text: '【今日待办】12月3日 逾期 2 项，即将到期 0 项', item: false }, item(1), item(2)];

    expect(fitLines(lines)).toEqual(lines.map((l) => l.text));
  });

  it('should cut a long digest at two messages and say how many items 待办 would still show', () => {
    const lines = [{ text: '【今日待办】12月3日 逾期 200 项，即将到期 0 项', item: false }];
    for (let i = 0; i < 200; i++) lines.push(item(i));

    const fitted = fitLines(lines, 15);
    const shown = fitted.length - 2;

    expect(fitted.at(-1)).toBe(moreLine(200 - shown + 15));
    expect(fitted.at(-1)).toMatch(/^……另有 \d+ 项，发送“待办”查看。$/);
    expect(splitByBytes(fitted.join('\n'))).toHaveLength(MAX_MESSAGES);
    expect(messagesFor(fitted)).toBe(MAX_MESSAGES);
  });
});
