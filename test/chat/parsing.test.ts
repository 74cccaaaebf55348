import { describe, expect, it } from 'vitest';
import { parseAssessArgs } from '../../commands/assess.js';
import { parseServiceArgs } from '../../commands/service.js';
import { parseVisitArgs } from '../../commands/visit.js';
import { parseChatDate } from '../../src/chat/dates.js';
import { toMarkdown } from '../../src/chat/markdown.js';
import { maskFreeText, maskIdNumber, maskPhone } from '../../src/chat/mask.js';
import { normalizeMessage } from '../../src/chat/normalize.js';

// 2026-12-03 is a Thursday.
const TODAY = '2026-12-03';

describe('parseChatDate', () => {
  it.each([
    ['今天', '2026-12-03'],
    ['昨天', '2026-12-02'],
    ['前天', '2026-12-01'],
    ['周三', '2026-12-02'],
    ['星期四', '2026-12-03'],
    ['周五', '2026-11-27'],
    ['礼拜一', '2026-11-30'],
    ['上周三', '2026-11-25'],
    ['上星期日', '2026-11-29'],
    ['12月1日', '2026-12-01'],
    ['12月1号', '2026-12-01'],
    ['12-1', '2026-12-01'],
    ['12/1', '2026-12-01'],
    ['2026-12-01', '2026-12-01'],
    ['2026/12/1', '2026-12-01'],
    ['2026年12月1日', '2026-12-01'],
    ['11月30日', '2026-11-30'],
    ['12月25日', '2026-12-25'],
  ])('should read %s as %s', (token, expected) => {
    expect(parseChatDate(token, TODAY)).toBe(expected);
  });

  it('should read a late-December date typed in early January as last year', () => {
    expect(parseChatDate('12月28日', '2027-01-03')).toBe('2026-12-28');
  });

  it.each(['2月30日', '13月1日', '张小明', '入户', '2026-02-29', ''])(
    'should not take %j for a date',
    (token) => {
      expect(parseChatDate(token, TODAY)).toBeUndefined();
    },
  );

  it('should accept 29 February in a leap year', () => {
    expect(parseChatDate('2028年2月29日', '2028-03-01')).toBe('2028-02-29');
  });
});

describe('normalizeMessage', () => {
  it.each([
    ['走访　张小明　昨天', '走访 张小明 昨天'],
    ['  走访   张小明  ', '走访 张小明'],
    ['查询 ｚｘｍ', '查询 zxm'],
    ['走访 张小明 １２月１日', '走访 张小明 12月1日'],
    ['走访 张小明\u200b 昨天', '走访 张小明 昨天'],
    ['报告 李小红 孩子说：“没人管”，很饿', '报告 李小红 孩子说：“没人管”，很饿'],
  ])('should turn %j into %j', (input, expected) => {
    expect(normalizeMessage(input)).toBe(expected);
  });
});

describe('parseVisitArgs', () => {
  it.each([
    [
      '昨天 入户 奶奶在家，情况稳定',
      { on: '2026-12-02', kind: 'home', notes: '奶奶在家，情况稳定', childSeen: true },
    ],
    ['', { on: TODAY, kind: 'home', notes: '', childSeen: true }],
    ['电话 孩子在学校', { on: TODAY, kind: 'phone', notes: '孩子在学校', childSeen: true }],
    ['12-1 家访 未见到孩子', { on: '2026-12-01', kind: 'home', notes: '未见到孩子', childSeen: false }],
    ['上周三 抽查', { on: '2026-11-25', kind: 'spot_check', notes: '', childSeen: true }],
  ])('should read %j', (rest, expected) => {
    expect(parseVisitArgs(rest, TODAY)).toEqual(expected);
  });

  it('should explain a date it cannot read', () => {
    expect(parseVisitArgs('13月40日 入户', TODAY)).toEqual({ problem: '看不懂日期“13月40日”。' });
  });

  // Found by the stress fuzzing: the word tables answered for Object.prototype's names.
  it.each(['valueOf', 'constructor', 'toString', '__proto__'])(
    'should take %j as notes, not a date or a kind',
    (word) => {
      expect(parseChatDate(word, TODAY)).toBeUndefined();
      expect(parseVisitArgs(`${word} 情况稳定`, TODAY)).toEqual({
        on: TODAY,
        kind: 'home',
        notes: `${word} 情况稳定`,
        childSeen: true,
      });
      expect(parseVisitArgs(`昨天 ${word}`, TODAY)).toMatchObject({ kind: 'home', notes: word });
    },
  );
});

describe('parseServiceArgs', () => {
  it.each([
    ['12月1日 心理疏导 第三次', { on: '2026-12-01', type: 'counselling', notes: '第三次' }],
    ['心理辅导', { on: TODAY, type: 'counselling', notes: '' }],
    ['昨天 学习辅导 数学', { on: '2026-12-02', type: 'tutoring', notes: '数学' }],
    ['家庭支持服务 送米面油', { on: TODAY, type: 'family_support', notes: '送米面油' }],
    ['监护干预', { on: TODAY, type: 'guardianship_intervention', notes: '' }],
  ])('should read %j', (rest, expected) => {
    expect(parseServiceArgs(rest, TODAY)).toEqual(expected);
  });

  it('should ask for the service type when it is missing', () => {
    const result = parseServiceArgs('昨天 聊了聊', TODAY);
    expect(result).toEqual({ problem: expect.stringContaining('请写明服务类型') });
  });
});

describe('parseAssessArgs', () => {
  it.each([
    ['黄色 父亲已出狱，监护恢复', { on: TODAY, tier: 2, reason: '父亲已出狱，监护恢复' }],
    ['红色 无人监护', { on: TODAY, tier: 1, reason: '无人监护' }],
    ['昨天 蓝 情况好转', { on: '2026-12-02', tier: 3, reason: '情况好转' }],
    ['四级 稳定发展', { on: TODAY, tier: 4, reason: '稳定发展' }],
  ])('should read %j', (rest, expected) => {
    expect(parseAssessArgs(rest, TODAY)).toEqual(expected);
  });

  it.each([
    ['父亲已出狱', '请写明风险等级'],
    ['黄色', '请写上评估理由'],
  ])('should explain what is missing in %j', (rest, problem) => {
    expect(parseAssessArgs(rest, TODAY)).toEqual({ problem: expect.stringContaining(problem) });
  });
});

describe('masking', () => {
  it('should never show a whole ID number or phone number', () => {
    expect(maskIdNumber('32050820150308123X')).toBe('320508********123X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0512-6523 1234')).toBe('**********34');
  });

  it.each([
    ['奶奶电话13812345678', '奶奶电话138****5678'],
    ['联系 +86 138 1234 5678 即可', '联系 138****5678 即可'],
    ['+8613812345678', '138****5678'],
    ['86-138-1234-5678', '138****5678'],
    ['手机 138-1234-5678。', '手机 138****5678。'],
    ['身份证32050820150308123X', '身份证320508********123X'],
    ['旧证 320508150308123', '旧证 320508*****8123'],
    ['座机 0512-65201234 不变', '座机 0512-65201234 不变'],
    ['金额 2600 元', '金额 2600 元'],
  ])('should mask the ID and mobile numbers in free text %j', (typed, shown) => {
    expect(maskFreeText(typed)).toBe(shown);
  });
});

describe('toMarkdown', () => {
  it('should bold the first line, colour overdue and urgent lines, and escape markdown in what people typed', () => {
    const text = '待办：逾期 1 项\n王芳：走访（2026年12月，0/1）已逾期3天\n张**小明**：备注 [链接](x)';

    expect(toMarkdown(text)).toBe(
      '**待办：逾期 1 项**\n<font color="warning">王芳：走访（2026年12月，0/1）已逾期3天</font>\n张\\*\\*小明\\*\\*：备注 \\[链接\\](x)',
    );
  });
});
