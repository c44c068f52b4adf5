import { SetMetadata } from '@nestjs/common';
import type { Role } from '../config/app.config';

/**
 * What a route needs. `read`: viewers and up (anonymous too unless READS_REQUIRE_KEY);
 * `record`: recorders and up; `audit`: auditors and up; `admin`: admins; `public`: anyone.
 */
export type Access = 'public' | 'read' | 'record' | 'audit' | 'admin';
export const ACCESS = 'compliance-ledger:access';
export const RequiresAccess = (access: Access) => SetMetadata(ACCESS, access);

const RANK: Record<Role, number> = { viewer: 1, recorder: 2, auditor: 3, admin: 4 };
const NEEDED: Record<Exclude<Access, 'public'>, number> = { read: 1, record: 2, audit: 3, admin: 4 };

export const roleAllows = (role: Role, access: Exclude<Access, 'public'>) => RANK[role] >= NEEDED[access];
