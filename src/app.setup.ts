import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemFilter } from './http/problem.filter';
import { requestId } from './http/request-id.middleware';

/** Everything about the HTTP edge that the server and the e2e tests must share. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.useBodyParser('json', { limit: '1mb' });
  app.use(requestId);
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  return app;
}
