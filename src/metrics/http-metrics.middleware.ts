import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';

/**
 * HTTP latency by route template (`/cases/:caseId/events`), never by raw URL: ids in URLs would
 * make a label value per case. Requests no route matched (404s, bodies refused before routing)
 * share the `unmatched` label; so do catch-alls (`/{*splat}`), which are where Nest mounts
 * middleware and would otherwise claim every unknown URL.
 */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = (request.route as { path?: unknown } | undefined)?.path;
      metrics.httpObserved(
        request.method,
        typeof route === 'string' && !route.includes('*') ? route : 'unmatched',
        response.statusCode,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  };
}
