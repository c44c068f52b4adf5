import { isUtf8 } from 'node:buffer';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { ProblemFilter } from './http/problem.filter';
import { requestId } from './http/request-id.middleware';

/** Everything about the HTTP edge that the server and the e2e tests must share. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.use(json({ limit: '1mb', verify: refuseMalformedUtf8 }));
  app.use(requestId);
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  app.disable('x-powered-by');
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
