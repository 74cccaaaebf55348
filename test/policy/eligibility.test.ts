import { describe, expect, it } from 'vitest';
import {
  categoryForPair,
  type ParentSituation,
  suggestParentCategories,
} from '../../src/policy/categories.js';
import {
  ageOn,
  eighteenthBirthday,
  isSevereDisability,
  isUnder18,
  qualifiesByOutOfPocketCost,
  qualifiesC4a,
} from '../../src/policy/eligibility.js';
import { PolicyInputError } from '../../src/policy/errors.js';
import { idCheckCharacter, isValidIdNumber, parseIdNumber } from '../../src/policy/id-number.js';
import { isNamedSeriousIllness, judgeIllness, matchNamedIllness } from '../../src/policy/illnesses.js';

const present: ParentSituation = { status: 'present' };
const dead: ParentSituation = { status: 'dead' };
const missing: ParentSituation = { status: 'missing' };
const ill: ParentSituation = { status: 'seriously_ill' };
const disabled: ParentSituation = { status: 'severely_disabled' };
const jailed: ParentSituation = { status: 'imprisoned', since: '2025-01-10', termEnds: '2027-01-09' };
const inRehab: ParentSituation = { status: 'rehab', since: '2025-06-01', termMonths: 24 };
const gone: ParentSituation = { status: 'abandoned', since: '2025-01-01' };
const ON = '2026-12-03';

function codes(father: ParentSituation, mother: ParentSituation, on = ON) {
  return suggestParentCategories(father, mother, on).codes;
}

describe('R1.0 不满18周岁', () => {
  it('should count a child until the day before the 18th birthday', () => {
    expect(eighteenthBirthday('2008-12-03')).toBe('2026-12-03');
    expect(isUnder18('2008-12-03', '2026-12-02')).toBe(true);
    expect(isUnder18('2008-12-03', '2026-12-03')).toBe(false);
  });

  it('should give a child born on 29 February the 18th birthday on 28 February of a common year', () => {
    expect(eighteenthBirthday('2008-02-29')).toBe('2026-02-28');
    expect(isUnder18('2008-02-29', '2026-02-27')).toBe(true);
    expect(isUnder18('2008-02-29', '2026-02-28')).toBe(false);
    expect(eighteenthBirthday('2012-02-29')).toBe('2030-02-28');
  });

  it('should not count a day before birth as under 18', () => {
    expect(isUnder18('2026-05-01', '2026-04-30')).toBe(false);
  });

  it('should give the age in completed years (周岁)', () => {
    expect(ageOn('2008-12-03', '2026-12-02')).toBe(17);
    expect(ageOn('2008-12-03', '2026-12-03')).toBe(18);
    expect(ageOn('2008-02-29', '2009-02-27')).toBe(0);
    expect(ageOn('2008-02-29', '2009-02-28')).toBe(1);
    expect(() => ageOn('2026-05-01', '2026-04-30')).toThrow(PolicyInputError);
  });
});

describe('R1.1 thresholds: 6个月以上, 人民法院宣告, 重残', () => {
  it('should count imprisonment with a term of 6 months or more (刑期6个月以上)', () => {
    const sixMonths = { status: 'imprisoned', since: '2026-01-10', termEnds: '2026-07-09' } as const;
    const shorter = { status: 'imprisoned', since: '2026-01-10', termEnds: '2026-07-08' } as const;

    expect(codes(dead, sixMonths, '2026-03-01')).toEqual(['C2b']);
    expect(codes(dead, shorter, '2026-03-01')).toEqual([]);
  });

  it('should count compulsory rehab by the term in months when the dates are not known', () => {
    expect(codes(dead, { status: 'rehab', termMonths: 24 })).toEqual(['C2b']);
    expect(codes(dead, { status: 'rehab', termMonths: 5 })).toEqual([]);
  });

  it('should count six months already served even when the term is not recorded', () => {
    const since = { status: 'imprisoned', since: '2026-01-31' } as const;

    expect(codes(missing, since, '2026-07-30')).toEqual([]);
    expect(codes(missing, since, '2026-07-31')).toEqual(['C2b']);
  });

  it('should say when a term of unknown length would count, and that the term is missing', () => {
    const result = suggestParentCategories(dead, { status: 'imprisoned', since: '2026-10-15' }, ON);

    expect(result).toEqual({
      codes: [],
      pending: [{ code: 'C2b', from: '2027-04-15' }],
      missingFacts: ['mother.term'],
    });
  });

  it('should stop counting a custodial term once it has ended', () => {
    expect(codes(dead, { status: 'imprisoned', since: '2024-01-01', termEnds: '2025-12-31' })).toEqual([]);
  });

  it('should count abandonment after 6 months out of contact (失去联系在6个月以上)', () => {
    const lost = { status: 'abandoned', since: '2026-06-03' } as const;

    expect(codes(dead, lost, '2026-12-02')).toEqual([]);
    expect(codes(dead, lost, '2026-12-03')).toEqual(['C2c']);
    expect(suggestParentCategories(dead, lost, '2026-12-02').pending).toEqual([
      { code: 'C2c', from: '2026-12-03' },
    ]);
  });

  it('should ask for the date contact was lost when it is not recorded', () => {
    expect(suggestParentCategories(dead, { status: 'abandoned' }, ON)).toEqual({
      codes: [],
      pending: [],
      missingFacts: ['mother.since'],
    });
  });

  it('should read 重残 as grade 1–2, or grade 3–4 mental or intellectual disability', () => {
    expect(isSevereDisability({ kind: 'physical', grade: 2 })).toBe(true);
    expect(isSevereDisability({ kind: 'physical', grade: 3 })).toBe(false);
    expect(isSevereDisability({ kind: 'intellectual', grade: 4 })).toBe(true);
    expect(isSevereDisability({ kind: 'mental', grade: 3 })).toBe(true);
    expect(isSevereDisability({ kind: 'hearing', grade: 4 })).toBe(false);
  });

  it('should add grade 1–3 vaccination injuries for the child (C4a 三级以上预防接种异常反应)', () => {
    expect(qualifiesC4a({ kind: 'physical', grade: 3, fromVaccination: true })).toBe(true);
    expect(qualifiesC4a({ kind: 'physical', grade: 4, fromVaccination: true })).toBe(false);
    expect(qualifiesC4a({ kind: 'physical', grade: 3 })).toBe(false);
    expect(qualifiesC4a({ kind: 'visual', grade: 1 })).toBe(true);
  });
});

describe('R1.2 重大疾病 named for C4b', () => {
  it('should recognise every illness the notice names', () => {
    expect(matchNamedIllness('艾滋病病毒感染')).toBe('hiv');
    expect(matchNamedIllness('HIV感染')).toBe('hiv');
    expect(matchNamedIllness('急性淋巴细胞白血病')).toBe('leukaemia');
    expect(matchNamedIllness('先天性心脏病')).toBe('congenital_heart_disease');
    expect(matchNamedIllness('尿毒症')).toBe('uraemia');
    expect(matchNamedIllness('慢性肾功能衰竭')).toBe('chronic_renal_failure');
    expect(matchNamedIllness('肾移植术后')).toBe('organ_transplant');
    expect(matchNamedIllness('恶性肿瘤')).toBe('malignant_tumour');
    expect(matchNamedIllness('颅内良性肿瘤')).toBe('benign_intracranial_tumour');
  });

  it('should read the leukaemia group and common short forms as the notice does (含再障、血友病、地贫)', () => {
    for (const text of [
      '再生障碍性贫血',
      '再障',
      '血友病A',
      '重型β地中海贫血',
      '地贫',
      '先心病',
      '慢性肾衰',
      '神经母细胞瘤',
      '骨肉瘤',
    ]) {
      expect(isNamedSeriousIllness(text), text).toBe(true);
    }
    expect(matchNamedIllness(' ｈｉｖ 阳性 ')).toBe('hiv');
  });

  it('should not read tentative or unrelated diagnoses as named illnesses', () => {
    for (const text of ['疑似白血病', '宫颈癌前病变', '缺铁性贫血', '支气管肺炎', '', '脑瘫']) {
      expect(isNamedSeriousIllness(text), text).toBe(false);
    }
  });

  it('should leave an unlisted illness to a person, since the list is open (等重大疾病)', () => {
    expect(judgeIllness('脊髓性肌萎缩症')).toEqual({ verdict: 'person_decides' });
    expect(judgeIllness('地贫')).toEqual({
      verdict: 'named',
      illness: 'leukaemia',
      label: '白血病（含再生障碍性贫血、血友病、地中海贫血）',
    });
  });
});

describe('R1 C4b 1年中自付部分超过2万元', () => {
  it('should qualify only above 20,000 yuan', () => {
    expect(qualifiesByOutOfPocketCost(20_000)).toBe(false);
    expect(qualifiesByOutOfPocketCost(20_000.01)).toBe(true);
    expect(qualifiesByOutOfPocketCost(19_999.99)).toBe(false);
    expect(qualifiesByOutOfPocketCost(35_000)).toBe(true);
  });

  it('should refuse something that is not an amount', () => {
    expect(() => qualifiesByOutOfPocketCost(-1)).toThrow(PolicyInputError);
    expect(() => qualifiesByOutOfPocketCost(Number.NaN)).toThrow(PolicyInputError);
  });
});

describe('R1.3 sub-types from the parents, and the resident ID number', () => {
  it('should suggest C1b for both parents dead, or both declared missing (父母双方死亡、失踪)', () => {
    expect(codes(dead, dead)).toEqual(['C1b']);
    expect(codes(missing, missing)).toEqual(['C1b']);
  });

  it('should suggest C1c for one dead and the other missing (一方死亡另一方失踪)', () => {
    expect(codes(dead, missing)).toEqual(['C1c']);
    expect(codes(missing, dead)).toEqual(['C1c']);
  });

  it('should suggest C2a for both in prison or compulsory rehab (双方服刑在押或强制隔离戒毒)', () => {
    expect(codes(jailed, inRehab)).toEqual(['C2a']);
  });

  it('should suggest C2b for one dead or missing and the other in custody', () => {
    expect(codes(dead, jailed)).toEqual(['C2b']);
    expect(codes(inRehab, missing)).toEqual(['C2b']);
  });

  it('should suggest C2c for one dead, missing or in custody and the other abandoning the child', () => {
    expect(codes(dead, gone)).toEqual(['C2c']);
    expect(codes(gone, missing)).toEqual(['C2c']);
    expect(codes(jailed, gone)).toEqual(['C2c']);
  });

  it('should suggest C2d for both abandoning the child (父母双方弃养)', () => {
    expect(codes(gone, gone)).toEqual(['C2d']);
  });

  it('should suggest C3a for both severely disabled or seriously ill (双方重残、重病)', () => {
    expect(codes(ill, disabled)).toEqual(['C3a']);
    expect(codes(ill, ill)).toEqual(['C3a']);
  });

  it('should suggest C3b for one severely disabled or ill and the other dead, missing, in custody or abandoning', () => {
    for (const other of [dead, missing, jailed, inRehab, gone]) {
      expect(codes(disabled, other)).toEqual(['C3b']);
      expect(codes(other, ill)).toEqual(['C3b']);
    }
  });

  it('should suggest nothing while one parent is present or unknown', () => {
    for (const other of [dead, missing, jailed, gone, ill, disabled, present]) {
      expect(codes(present, other)).toEqual([]);
      expect(codes({ status: 'unknown' }, other)).toEqual([]);
    }
    expect(categoryForPair('dead', 'none')).toBeUndefined();
  });

  it('should accept a valid ID number and read birth date and sex from it', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(parseIdNumber('320508201203151233')).toMatchObject({
      ok: true,
      birthDate: '2012-03-15',
      sex: 'male',
    });
    expect(parseIdNumber(' 32050820080229002x ')).toMatchObject({
      ok: true,
      idNumber: '32050820080229002X',
      birthDate: '2008-02-29',
    });
    expect(isValidIdNumber('440524188001010014')).toBe(true);
  });

  it('should refuse a wrong check digit (GB 11643 校验码)', () => {
    expect(parseIdNumber('320508201203151234')).toEqual({ ok: false, problem: 'check_digit' });
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'check_digit' });
    expect(idCheckCharacter('11010519491231002')).toBe('X');
  });

  it('should refuse a bad shape, region or birth date', () => {
    expect(parseIdNumber('32050820120315123')).toEqual({ ok: false, problem: 'format' });
    expect(parseIdNumber('3205082012031512X3')).toEqual({ ok: false, problem: 'format' });
    expect(parseIdNumber('990508201203151233')).toEqual({ ok: false, problem: 'region' });
    const feb30 = `32050820120230123`;
    expect(parseIdNumber(feb30 + idCheckCharacter(feb30))).toEqual({ ok: false, problem: 'birth_date' });
    const feb29 = `32050820110229123`;
    expect(parseIdNumber(feb29 + idCheckCharacter(feb29))).toEqual({ ok: false, problem: 'birth_date' });
  });

  it('should refuse a birth date after the given day', () => {
    expect(parseIdNumber('320508201212319974', '2012-12-30')).toEqual({
      ok: false,
      problem: 'future_birth_date',
    });
    expect(parseIdNumber('320508201212319974', '2012-12-31')).toMatchObject({ ok: true });
  });

  it('should compute the 18th birthday from the ID number', () => {
    const id = parseIdNumber('32050820080229002X');

    expect(id.ok && eighteenthBirthday(id.birthDate)).toBe('2026-02-28');
  });
});
