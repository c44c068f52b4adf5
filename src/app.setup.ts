import type { ConfigType } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
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
  app.use(helmet());
  // CORS stays off unless origins are named: the API is for servers and the same-origin dashboard.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'X-Checkpoint', 'X-Read-Side-Lagging', 'Retry-After'],
    });
  }
  app.useBodyParser('json', { limit: `${config.bodyLimitKb}kb` });
  app.useGlobalFilters(new ProblemFilter());
  app.disable('x-powered-by');
  serveOpenApi(app);
  return app;
}
