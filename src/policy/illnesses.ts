// R1.2: the serious illnesses the notice names for C4b. The notice ends the list with
// "等重大疾病", so it is open: an illness that matches nothing here may still qualify, and
// the answer for it is "a person decides", never "no".

export type NamedIllness =
  | 'hiv'
  | 'leukaemia'
  | 'congenital_heart_disease'
  | 'uraemia'
  | 'chronic_renal_failure'
  | 'organ_transplant'
  | 'malignant_tumour'
  | 'benign_intracranial_tumour';

export const ILLNESS_LABELS: Record<NamedIllness, string> = {
  hiv: '艾滋病病毒感染',
  leukaemia: '白血病（含再生障碍性贫血、血友病、地中海贫血）',
  congenital_heart_disease: '先天性心脏病',
  uraemia: '尿毒症',
  chronic_renal_failure: '慢性肾功能衰竭',
  organ_transplant: '器官移植',
  malignant_tumour: '恶性肿瘤',
  benign_intracranial_tumour: '颅内良性肿瘤',
};

// Matched as substrings of the normalised text, in this order (the first hit wins). The
// benign intracranial entry comes before the malignant one so that "颅内良性肿瘤" is not
// read as a tumour of the other kind.
const TERMS: [NamedIllness, string[]][] = [
  ['hiv', ['艾滋病', 'hiv', '人类免疫缺陷病毒']],
  ['leukaemia', ['白血病', '再生障碍性贫血', '再障', '血友病', '地中海贫血', '地贫', '珠蛋白生成障碍性贫血']],
  [
    'congenital_heart_disease',
    ['先天性心脏病', '先心病', '先天性心脏', '法洛四联症', '室间隔缺损', '房间隔缺损'],
  ],
  ['uraemia', ['尿毒症']],
  ['chronic_renal_failure', ['慢性肾功能衰竭', '慢性肾衰', '慢性肾功能不全', '慢性肾脏病5期']],
  ['organ_transplant', ['器官移植', '肾移植', '肝移植', '心脏移植', '肺移植']],
  [
    'benign_intracranial_tumour',
    ['颅内良性肿瘤', '颅内良性', '脑良性肿瘤', '颅咽管瘤', '脑膜瘤', '垂体瘤', '听神经瘤'],
  ],
  ['malignant_tumour', ['恶性肿瘤', '癌', '肉瘤', '淋巴瘤', '母细胞瘤', '骨髓瘤']],
];

// Words that mean the text is explicitly not the illness, e.g. "癌前病变" is not cancer.
const NOT_ILLNESS = ['癌前', '排除', '疑似', '待查'];

function normalise(text: string): string {
  // Full-width ASCII (ＨＩＶ) to half-width, then drop spaces and lower-case.
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toLowerCase();
}

/**
 * R1.2: which named serious illness a diagnosis names, by the notice's terms and common
 * synonyms (白血病, 再障, 血友病, 地贫, 先心病, 尿毒症 …), or undefined when it names none of
 * them. Tentative diagnoses (疑似, 待查, 排除) and pre-cancerous findings never match.
 */
export function matchNamedIllness(diagnosis: string): NamedIllness | undefined {
  const text = normalise(diagnosis);
  if (text === '' || NOT_ILLNESS.some((w) => text.includes(w))) return undefined;
  for (const [illness, terms] of TERMS) {
    if (terms.some((t) => text.includes(t))) return illness;
  }
  return undefined;
}

export type IllnessVerdict =
  | { verdict: 'named'; illness: NamedIllness; label: string }
  | { verdict: 'person_decides' };

/**
 * R1.2 / C4b: a named illness qualifies; anything else is for a person to judge (the list is
 * open), or to qualify through the out-of-pocket cost test (qualifiesByOutOfPocketCost).
 */
export function judgeIllness(diagnosis: string): IllnessVerdict {
  const illness = matchNamedIllness(diagnosis);
  if (illness === undefined) return { verdict: 'person_decides' };
  return { verdict: 'named', illness, label: ILLNESS_LABELS[illness] };
}

export function isNamedSeriousIllness(diagnosis: string): boolean {
  return matchNamedIllness(diagnosis) !== undefined;
}
