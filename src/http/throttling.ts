import type { ExecutionContext } from '@nestjs/common';
import { normalizeIp, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { ACCESS, type Access } from '../auth/access';
import type { ApiKeyRegistry } from '../auth/api-keys';
import type { AppConfig } from '../config/app.config';
import { RateWindows } from './rate-windows';

/** The tracker a request was counted under, worked out once (the limit and the key both need it). */
const trackers = new WeakMap<Request, string>();

/**
 * One budget per API key name across every route, so one client's burst cannot starve the others:
 * RATE_LIMIT_PER_MINUTE. Callers without a valid key share a budget per address (an IPv6 client
 * per /64, which it can otherwise change at will), ANONYMOUS_RATE_LIMIT_PER_MINUTE, which also
 * slows anyone guessing keys. The package keys its counts by route and handler; here the tracker
 * alone is the key, so five requests a minute means five in all, not five on every route. Public
 * routes (health, docs) are never throttled: a refused probe would take a healthy server out.
 */
export function throttlerOptions(config: AppConfig, keys: ApiKeyRegistry): ThrottlerModuleOptions {
  const keyed = config.rateLimitPerMinute;
  const anonymous = config.anonymousRateLimitPerMinute;
  const limitOf = (tracker: string) => {
    const limit = tracker.startsWith('key:') ? keyed : anonymous;
    return limit === 0 ? Number.MAX_SAFE_INTEGER : limit;
  };
  return {
    throttlers: [
      {
        // Named `default` so the header is the standard `Retry-After`, not `Retry-After-<name>`.
        name: 'default',
        ttl: 60_000,
        limit: (context: ExecutionContext) => limitOf(trackerOf(context.switchToHttp().getRequest<Request>(), keys)),
      },
    ],
    // O(1) per request at any traffic; the package's default storage copies every hit of the window per request.
    storage: new RateWindows(),
    skipIf: (context) =>
      accessOf(context) === 'public' ||
      (keyed === 0 && anonymous === 0) ||
      limitOf(trackerOf(context.switchToHttp().getRequest<Request>(), keys)) === Number.MAX_SAFE_INTEGER,
    getTracker: (request) => trackerOf(request as Request, keys),
    generateKey: (_context, tracker) => tracker,
    errorMessage: `rate limit exceeded: at most ${keyed || 'unlimited'} requests a minute per API key, ${anonymous || 'unlimited'} per address without one, over all routes`,
  };
}

function accessOf(context: ExecutionContext): Access | undefined {
  return (Reflect.getMetadata(ACCESS, context.getHandler()) ?? Reflect.getMetadata(ACCESS, context.getClass())) as
    Access | undefined;
}

/** The key's name (never its secret) or the caller's address. Runs before the auth guard. */
export function trackerOf(request: Request, keys: ApiKeyRegistry): string {
  let tracker = trackers.get(request);
  if (tracker === undefined) {
    const secret = /^Bearer ([\x21-\x7e]{1,512})$/.exec(request.headers.authorization ?? '')?.[1];
    const principal = secret === undefined ? undefined : keys.authenticate(secret);
    tracker = principal ? `key:${principal.name}` : `ip:${addressOf(request)}`;
    trackers.set(request, tracker);
  }
  return tracker;
}

/** The caller's address; IPv6 by its /64, the block one subscriber is usually given. */
export function addressOf(request: Request): string {
  const ip = request.ip ?? request.socket.remoteAddress ?? 'unknown';
  return ip.includes(':') && !ip.startsWith('::ffff:') ? normalizeIp(ip, 64) : ip;
}
