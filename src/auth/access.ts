import { SetMetadata } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ROLES, type Role } from '../config/app.config';
import { documentAccess } from './access.docs';

/**
 * What a route needs. `read`: viewers and up (anonymous too unless READS_REQUIRE_KEY);
 * `record`: recorders and up; `audit`: auditors and up; `admin`: admins; `public`: anyone.
 */
export type Access = 'public' | 'read' | 'record' | 'audit' | 'admin';
export const ACCESS = 'compliance-ledger:access';

const RANK: Record<Role, number> = { viewer: 1, recorder: 2, auditor: 3, admin: 4 };
const NEEDED: Record<Exclude<Access, 'public'>, number> = { read: 1, record: 2, audit: 3, admin: 4 };

export const roleAllows = (role: Role, access: Exclude<Access, 'public'>) => RANK[role] >= NEEDED[access];

/** The roles whose keys pass `access`, lowest first. */
export const rolesAllowed = (access: Access): Role[] =>
  access === 'public' ? [] : ROLES.filter((role) => roleAllows(role, access));

/**
 * Declares a route's access, on a controller or a route method (the method's wins), and documents
 * it in OpenAPI (security, roles, 401/403/429) so the document can never disagree with the guard.
 */
export function RequiresAccess(access: Access) {
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (descriptor) {
      SetMetadata(ACCESS, access)(target, key!, descriptor);
      documentAccess(access, rolesAllowed(access))(target, key!, descriptor);
      return;
    }
    SetMetadata(ACCESS, access)(target as () => void);
    // Method decorators ran first: every route without a rule of its own takes the class's.
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name);
      if (typeof method?.value !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, method.value)) continue;
      if (Reflect.hasOwnMetadata(ACCESS, method.value)) continue;
      documentAccess(access, rolesAllowed(access))(prototype, name, method);
    }
  };
}
