// R3.6 which services belong to which level, R6.1 who hears of an urgent report, R6.2 and
// R6.3 the safety services and social resources recorded on a child's file.

import type { Level, ServiceRecipient, ServiceType, StaffRole } from './labels.js';

export type ServiceGroup = 'case' | 'family' | 'other' | 'safety';

/** R3.6 / R6.2: the group each service type belongs to. */
export const SERVICE_GROUPS: Record<ServiceType, ServiceGroup> = {
  counselling: 'case',
  legal_aid: 'case',
  tutoring: 'case',
  behaviour_correction: 'case',
  growth_education: 'case',
  interests: 'case',
  skills: 'case',
  resource_linking: 'case',
  guardian_assignment: 'family',
  respite: 'family',
  guardian_duties: 'family',
  family_relations: 'family',
  family_training: 'family',
  family_support: 'family',
  group_work: 'other',
  school_community: 'other',
  guardianship_intervention: 'safety',
  assessment_help: 'safety',
};

export const SERVICE_GROUP_LABELS: Record<ServiceGroup, string> = {
  case: '个案服务',
  family: '家庭服务',
  other: '其他服务',
  safety: '安全保护',
};

/** R3.6: the lowest-risk level whose package still includes each family service. */
const FAMILY_SERVICE_UP_TO: Partial<Record<ServiceType, Level>> = {
  guardian_assignment: 1,
  respite: 1,
  guardian_duties: 2,
  family_relations: 3,
  family_training: 3,
  family_support: 3,
};

/**
 * R3.6: whether a service type is part of the package of a protection level. Case services
 * belong to levels 1–3; family services as the table narrows them; "other services" (R3.6) and
 * the safety services of R6.2 belong to every level. Level 4 adds follow-up only.
 * Recording a service outside the package is not forbidden; the chat layer may ask to confirm.
 */
export function isInLevelPackage(type: ServiceType, level: Level): boolean {
  const group = SERVICE_GROUPS[type];
  if (group === 'other' || group === 'safety') return true;
  if (group === 'case') return level <= 3;
  return level <= (FAMILY_SERVICE_UP_TO[type] ?? 0);
}

/** The usual recipient of a service type, to prefill the recipient when recording it. */
export function usualRecipient(type: ServiceType): ServiceRecipient {
  const group = SERVICE_GROUPS[type];
  if (group === 'case') return 'child';
  if (group === 'other') return 'other';
  return 'family';
}

export interface UrgentReportRouting {
  rule: 'R6.1';
  /** roles told at once, not in the next digest */
  notify: readonly StaffRole[];
  immediately: true;
  /** the report asks for an assessment of the child (R2) */
  requestsAssessment: true;
}

/** R6.1 强制报告 / 应急处置: an urgent report reaches the street supervisor and district staff at once. */
export const URGENT_REPORT_ROUTING: UrgentReportRouting = {
  rule: 'R6.1',
  notify: ['supervisor', 'district'],
  immediately: true,
  requestsAssessment: true,
};

export type ResourceKind = 'one_to_one' | 'donation' | 'professional';

/** R6.3: the forms a linked social resource takes. */
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  one_to_one: '一对一帮扶',
  donation: '慈善捐赠',
  professional: '专业服务',
};
