import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { appConfig } from '../config/app.config';
import { ACCESS, roleAllows, type Access } from './access';
import { ApiKeyRegistry, type Principal } from './api-keys';

export type AuthenticatedRequest = Request & { principal?: Principal };

/** Every route declares its access; a route that forgot to is refused, never opened by accident. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRegistry,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (header === undefined) {
      if (access === 'read' && !this.config.readsRequireKey) return true;
      throw new UnauthorizedException('an API key is required: Authorization: Bearer <key>');
    }
    const secret = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header)?.[1];
    const principal = secret === undefined ? undefined : this.keys.authenticate(secret);
    if (!principal) throw new UnauthorizedException('unknown API key');
    request.principal = principal;
    if (!access) throw new ForbiddenException('this route declares no access rule');
    if (!roleAllows(principal.role, access)) {
      throw new ForbiddenException(`the ${principal.role} role cannot ${access === 'read' ? 'read' : access} here`);
    }
    return true;
  }
}
