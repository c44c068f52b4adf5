import type { NestExpressApplication } from '@nestjs/platform-express';
import { parse, type Token } from 'path-to-regexp';

export interface ServedRoute {
  method: string;
  /** In OpenAPI form: `/cases/{caseId}`. */
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Swagger UI and the document itself: served, but not API operations. */
const NOT_OPERATIONS = /^\/docs(-json|\/|$)/;

/**
 * Every route the running app answers, read from the Express router itself, so routes added by
 * any module (alerts, dashboard, anything merged later) are found without being listed here.
 * Middleware mounted for every method on a catch-all (pino-http, Nest's middleware consumer)
 * is not a route of the API and is left out.
 */
export function servedRoutes(app: NestExpressApplication): ServedRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const routes: ServedRoute[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
    if (methods.length > 8) continue; // a middleware mount on every method, not an endpoint
    for (const path of ([] as string[]).concat(layer.route.path)) {
      if (NOT_OPERATIONS.test(path)) continue;
      const openApiPath = toOpenApiPath(path);
      for (const method of methods) routes.push({ method, path: openApiPath });
    }
  }
  return routes;
}

/** `:id` and `*rest` as `{id}` and `{rest}`, optional groups flattened: how @nestjs/swagger writes paths. */
function toOpenApiPath(path: string): string {
  const write = (tokens: Token[]): string =>
    tokens.map((t) => (t.type === 'text' ? t.value : t.type === 'group' ? write(t.tokens) : `{${t.name}}`)).join('');
  return write(parse(path).tokens);
}
