// Fixture builders for policy tests: a child's history with overrides.
import type { ChildHistory, ServiceRecord, VisitRecord } from '../../src/policy/duties.js';
import type { Level, ServiceRecipient, ServiceType, StaffRole } from '../../src/policy/labels.js';

export function makeHistory(overrides: Partial<ChildHistory> = {}): ChildHistory {
  return { periods: [], visits: [], services: [], ...overrides };
}

export function level(level: Level, start: string) {
  return { level, start };
}

export function homeVisit(on: string, by: StaffRole = 'director'): VisitRecord {
  return { on, kind: 'home', by };
}

export function phoneCall(on: string, by: StaffRole = 'director'): VisitRecord {
  return { on, kind: 'phone', by };
}

export function service(
  on: string,
  type: ServiceType = 'counselling',
  recipient: ServiceRecipient = 'child',
): ServiceRecord {
  return { on, type, recipient };
}
