import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { ACCESS, type Access } from '../auth/access';
import type { ApiKeyRegistry } from '../auth/api-keys';
import type { AppConfig } from '../config/app.config';
import { RateWindows } from './rate-windows';

/**
 * RATE_LIMIT_PER_MINUTE per API key name, so one client's burst cannot starve the others; callers
 * without a valid key share a bucket per IP address, which also slows anyone guessing keys. Public
 * routes (health, docs) are never throttled: a refused probe would take a healthy server out.
 */
export function throttlerOptions(config: AppConfig, keys: ApiKeyRegistry): ThrottlerModuleOptions {
  const limit = config.rateLimitPerMinute;
  return {
    // Named `default` so the header is the standard `Retry-After`, not `Retry-After-<name>`.
    throttlers: [{ name: 'default', ttl: 60_000, limit: limit === 0 ? Number.MAX_SAFE_INTEGER : limit }],
    // O(1) per request at any traffic; the package's default storage copies every hit of the window per request.
    storage: new RateWindows(),
    skipIf: (context) => limit === 0 || accessOf(context) === 'public',
    getTracker: (request) => trackerOf(request as Request, keys),
    errorMessage: `rate limit exceeded: at most ${limit} requests a minute per API key (per address without one)`,
  };
}

function accessOf(context: ExecutionContext): Access | undefined {
  return (Reflect.getMetadata(ACCESS, context.getHandler()) ?? Reflect.getMetadata(ACCESS, context.getClass())) as
    Access | undefined;
}

/** The key's name (never its secret) or the caller's address. Runs before the auth guard. */
function trackerOf(request: Request, keys: ApiKeyRegistry): string {
  const secret = /^Bearer ([\x21-\x7e]{1,512})$/.exec(request.headers.authorization ?? '')?.[1];
  const principal = secret === undefined ? undefined : keys.authenticate(secret);
  return principal ? `key:${principal.name}` : `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
}
