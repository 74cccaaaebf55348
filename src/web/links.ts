// Links from chat into the workbench, added only when PUBLIC_BASE_URL says where it is.
import type { StaffRole } from '../policy/index.js';

/** The child's file (一人一档) page. */
export function childFileUrl(base: string, childId: number): string {
  return `${base}/web/child/${childId}`;
}

/** Where a person's digest points: directors to their work list, everyone else to the overview. */
export function digestLinkLine(base: string, role: StaffRole): string {
  return role === 'director' ? `网页工作台：${base}/web/me` : `街道和全区概览：${base}/web/overview`;
}
