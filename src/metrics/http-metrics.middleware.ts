import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';

/** More methods than any real route answers: a middleware mount (Nest adds them on every method). */
const MAX_ROUTE_METHODS = 8;

/**
 * HTTP latency by route template (`/cases/:caseId/events`), never by raw URL: ids in URLs would
 * make a label value per case. Requests no route matched (404s, bodies refused before routing)
 * share the `unmatched` label. Nest mounts middleware as a catch-all route on every method, which
 * would otherwise claim every unknown URL; a real route answers a few methods.
 */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = request.route as { path?: unknown; methods?: Record<string, boolean> } | undefined;
      const routed = typeof route?.path === 'string' && Object.keys(route.methods ?? {}).length <= MAX_ROUTE_METHODS;
      metrics.httpObserved(
        request.method,
        routed ? (route!.path as string) : 'unmatched',
        response.statusCode,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  };
}
