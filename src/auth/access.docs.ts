import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { Role } from '../config/app.config';
import { ApiProblems } from '../problems/api-problems';

/** The security scheme's name in the document: `Authorization: Bearer <key>`. */
export const API_KEY_SCHEME = 'apiKey';

/**
 * One route's access in OpenAPI terms: the security requirement (optional for reads, which work
 * anonymously unless READS_REQUIRE_KEY), the roles in `x-required-access`, and the refusals.
 */
export function documentAccess(access: string, roles: Role[]): MethodDecorator {
  const extension = ApiExtension('x-required-access', { access, roles });
  if (access === 'public') return applyDecorators(extension);
  return applyDecorators(
    extension,
    ...(access === 'read' ? [ApiSecurity({})] : []),
    ApiSecurity(API_KEY_SCHEME),
    ApiProblems(401, 403, 429),
  );
}
