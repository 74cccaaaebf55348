import { Prisma, type StaffRole } from '@prisma/client';

export interface StaffUser {
  id: number;
  userid: string;
  name: string;
  role: StaffRole;
  streetId: number | null;
  communityId: number | null;
}

/**
 * The children a person may see and change: a director their own, a supervisor and
 * street staff their street, district staff all (policy.md, "Who uses it").
 */
export function childScope(user: StaffUser): Prisma.ChildWhereInput {
  switch (user.role) {
    case 'director':
      return { directorId: user.id };
    case 'supervisor':
    case 'street':
      // A street role without a street sees nothing rather than everything.
      return { streetId: user.streetId ?? -1 };
    case 'district':
      return {};
  }
}

/** The same scope as an SQL condition on "Child" aliased as `c`, for raw queries. */
export function childScopeSql(user: StaffUser): Prisma.Sql {
  switch (user.role) {
    case 'director':
      return Prisma.sql`c."directorId" = ${user.id}`;
    case 'supervisor':
    case 'street':
      return Prisma.sql`c."streetId" = ${user.streetId ?? -1}`;
    case 'district':
      return Prisma.sql`TRUE`;
  }
}

export const ROLE_LABEL: Record<StaffRole, string> = {
  director: '儿童主任',
  supervisor: '儿童督导员',
  street: '街道民政专干',
  district: '区民卫局工作人员',
};
