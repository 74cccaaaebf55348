// The vocabulary of the notice: the value sets (spelt as the Prisma enums spell them) and the
// Chinese labels the chat layer shows. Labels follow the notice's own wording.

export type Level = 1 | 2 | 3 | 4;
export type Sex = 'male' | 'female';
export type StaffRole = 'director' | 'supervisor' | 'street' | 'district';
export type VisitKind = 'home' | 'phone' | 'spot_check';
export type ServiceRecipient = 'child' | 'family' | 'other';

export const CATEGORY_CODES = [
  'C1a',
  'C1b',
  'C1c',
  'C2a',
  'C2b',
  'C2c',
  'C2d',
  'C2e',
  'C3a',
  'C3b',
  'C3c',
  'C4a',
  'C4b',
  'C4c',
  'C5a',
  'C5b',
  'C5c',
  'C6a',
  'C6b',
  'C6c',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

export const PARENT_STATUSES = [
  'present',
  'dead',
  'missing',
  'imprisoned',
  'rehab',
  'abandoned',
  'severely_disabled',
  'seriously_ill',
  'unknown',
] as const;
export type ParentStatus = (typeof PARENT_STATUSES)[number];

export const SERVICE_TYPES = [
  'counselling',
  'legal_aid',
  'tutoring',
  'behaviour_correction',
  'growth_education',
  'interests',
  'skills',
  'resource_linking',
  'guardian_assignment',
  'respite',
  'guardian_duties',
  'family_relations',
  'family_training',
  'family_support',
  'group_work',
  'school_community',
  'guardianship_intervention',
  'assessment_help',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export function isLevel(value: unknown): value is Level {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

export function isCategoryCode(value: unknown): value is CategoryCode {
  return typeof value === 'string' && (CATEGORY_CODES as readonly string[]).includes(value);
}

/** R2: the tier's colour. */
export const TIER_LABELS: Record<Level, string> = { 1: '红色', 2: '黄色', 3: '蓝色', 4: '绿色' };

/** R2: the tier's risk wording. */
export const TIER_RISK_LABELS: Record<Level, string> = {
  1: '高风险',
  2: '中高风险',
  3: '中低风险',
  4: '低风险',
};

/** R3: the protection level a tier gives. */
export const LEVEL_LABELS: Record<Level, string> = {
  1: '一级保护',
  2: '二级保护',
  3: '三级保护',
  4: '四级保护',
};

export const CATEGORY_GROUP_LABELS: Record<'C1' | 'C2' | 'C3' | 'C4' | 'C5' | 'C6', string> = {
  C1: '孤儿',
  C2: '父母监护缺失的儿童',
  C3: '父母无力履行监护职责的儿童',
  C4: '重残、重病及流浪儿童',
  C5: '贫困家庭儿童',
  C6: '其他需要帮助的儿童',
};

export const CATEGORY_LABELS: Record<CategoryCode, string> = {
  C1a: '弃婴、弃儿（查找不到生父母且未被依法收养）',
  C1b: '父母双方死亡或双方失踪',
  C1c: '父母一方死亡、另一方失踪',
  C2a: '父母双方服刑在押或强制隔离戒毒',
  C2b: '父母一方死亡或失踪，另一方服刑在押或强制隔离戒毒',
  C2c: '父母一方死亡、失踪、服刑在押或强制隔离戒毒，另一方弃养',
  C2d: '父母双方弃养',
  C2e: '其他事实无人抚养',
  C3a: '父母双方重残、重病',
  C3b: '父母一方重残、重病，另一方死亡、失踪、服刑在押、强制戒毒或弃养',
  C3c: '非婚生育，父母无监护抚养能力',
  C4a: '重残儿童',
  C4b: '重病儿童',
  C4c: '长期在外流浪儿童',
  C5a: '最低生活保障家庭儿童',
  C5b: '特困供养儿童',
  C5c: '扶贫建档立卡家庭儿童',
  C6a: '遭受侵害和虐待的儿童',
  C6b: '失足未成年人',
  C6c: '遭遇突发事件、意外伤害或其他特殊困难的儿童',
};

export const PARENT_STATUS_LABELS: Record<ParentStatus, string> = {
  present: '在世且能履行监护职责',
  dead: '死亡',
  missing: '失踪（人民法院宣告）',
  imprisoned: '服刑在押',
  rehab: '强制隔离戒毒',
  abandoned: '弃养',
  severely_disabled: '重残',
  seriously_ill: '重病',
  unknown: '情况不明',
};

export const SERVICE_TYPE_LABELS: Record<ServiceType, string> = {
  counselling: '心理疏导',
  legal_aid: '法律援助',
  tutoring: '学习辅导',
  behaviour_correction: '行为矫正',
  growth_education: '成长教育',
  interests: '兴趣发展',
  skills: '技能培训',
  resource_linking: '资源链接',
  guardian_assignment: '落实监护人',
  respite: '喘息服务',
  guardian_duties: '明确监护人责任',
  family_relations: '家庭关系调适',
  family_training: '知识培训',
  family_support: '家庭支持服务',
  group_work: '小组服务',
  school_community: '学校、社区等周边环境服务',
  guardianship_intervention: '监护干预',
  assessment_help: '评估帮扶',
};

export const SERVICE_RECIPIENT_LABELS: Record<ServiceRecipient, string> = {
  child: '儿童本人',
  family: '儿童家庭',
  other: '其他',
};

export const VISIT_KIND_LABELS: Record<VisitKind, string> = {
  home: '入户',
  phone: '电话',
  spot_check: '入户抽查',
};

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  director: '儿童主任',
  supervisor: '儿童督导员',
  street: '街道民政',
  district: '区民卫局',
};

export const SEX_LABELS: Record<Sex, string> = { male: '男', female: '女' };
