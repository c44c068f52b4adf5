import { isUtf8 } from 'node:buffer';
import type { ConfigType } from '@nestjs/config';
import type { NestExpressApplication, NestExpressBodyParserOptions } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { appConfig } from './config/app.config';
import { serveOpenApi } from './docs/openapi';
import { HttpDrain } from './http/http-drain';
import { ProblemFilter } from './http/problem.filter';
import { requestId } from './http/request-id.middleware';
import { httpMetrics } from './metrics/http-metrics.middleware';
import { Metrics } from './metrics/metrics';

/** Everything about the HTTP edge that the server and the e2e tests must share. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  // Order matters: the id first (every log line and answer carries it), then the drain (refuses
  // before any work), then metrics (times everything admitted), then headers and body parsing.
  app.use(requestId);
  app.use(app.get(HttpDrain).middleware);
  app.use(httpMetrics(app.get(Metrics)));
  app.use(securityHeaders());
  // CORS stays off unless origins are named: the API is for servers and the same-origin dashboard.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'X-Checkpoint', 'X-Read-Side-Lagging', 'Retry-After'],
    });
  }
  // Nest passes the options through to express.json (its own `verify` only applies with rawBody).
  app.useBodyParser('json', {
    limit: `${config.bodyLimitKb}kb`,
    verify: refuseMalformedUtf8,
  } as NestExpressBodyParserOptions);
  app.useGlobalFilters(new ProblemFilter());
  app.disable('x-powered-by');
  serveOpenApi(app);
  return app;
}

/**
 * JSON bodies must be UTF-8: bytes that are not would be decoded to U+FFFD and recorded, hash-chained,
 * as if the client had sent that text. Refused with 400 instead (the body parser's hook on raw bytes).
 */
function refuseMalformedUtf8(_request: unknown, _response: unknown, body: Buffer, encoding: string): void {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) {
    throw Object.assign(new Error('the body is not valid UTF-8; nothing was stored'), { status: 400 });
  }
}

/**
 * Helmet's headers, but HSTS and CSP's `upgrade-insecure-requests` only on requests that came over HTTPS (or through a
 * trusted proxy that says so): over plain HTTP, HSTS is meaningless (browsers ignore it there, RFC 6797 §8.1), and
 * `upgrade-insecure-requests` tells the browser to fetch the page's resources from an https:// address that a
 * plain-HTTP deployment does not serve.
 */
export function securityHeaders(): (request: Request, response: Response, next: NextFunction) => void {
  const secure = helmet();
  const plain = helmet({
    strictTransportSecurity: false,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  return (request, response, next) => (request.secure ? secure : plain)(request, response, next);
}
