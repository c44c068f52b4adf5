import { connect } from 'node:net';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ACCESS, type Access } from '../../src/auth/access';

export interface Route {
  method: string;
  /** As Express has it, e.g. `/cases/:caseId/events`. */
  path: string;
  /** What the Nest handler declares; undefined for a route no Nest handler serves (outside the guard). */
  access?: Access;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

const join = (...parts: unknown[]) =>
  '/' +
  parts
    .flatMap((p) => (Array.isArray(p) ? p : [p]))
    .filter((p): p is string => typeof p === 'string' && p !== '' && p !== '/')
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .join('/');

/**
 * Every route the running app answers, read from the Express router (so routes added by any module,
 * now or later, are covered), each with the access its Nest handler declares.
 */
export function routesOf(app: NestExpressApplication): Route[] {
  const declared = new Map<string, Access | undefined>();
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!controller) continue;
    const base: unknown = Reflect.getMetadata(PATH_METADATA, controller);
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler: unknown = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value;
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const path: unknown = Reflect.getMetadata(PATH_METADATA, handler);
      const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
      if (path === undefined || typeof method !== 'number') continue;
      const access = (Reflect.getMetadata(ACCESS, handler) ?? Reflect.getMetadata(ACCESS, controller)) as Access;
      declared.set(`${RequestMethod[method]} ${join(base, path)}`, access);
    }
  }
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
  return router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).flatMap((m) => {
          const method = m.toUpperCase();
          const key = `${method} ${layer.route!.path}`;
          // Nest mounts middleware for every route (`forRoutes('*')`) as an all-methods `{/*splat}` route: not an endpoint.
          if (layer.route!.path === '{/*splat}' && !declared.has(key)) return [];
          return [{ method, path: layer.route!.path, ...(declared.has(key) ? { access: declared.get(key) } : {}) }];
        })
      : [],
  );
}

/** Fills a route's parameters (`:name` and `*name`): known ones from `values`, any other with `fallback`. */
export const fillPath = (path: string, values: Record<string, string>, fallback = 'x') =>
  path.replace(/[:*](\w+)/g, (_m, name: string) => values[name] ?? fallback);

/** The one 5xx that is no fault: the dashboard's files were not built in this checkout (dist/ is not in git). */
export const dashboardNotBuilt = (status: number, text: string) =>
  status === 503 && /the dashboard is not built/.test(text);

/**
 * One HTTP/1.1 exchange over a bare socket, so a request can carry bytes no HTTP client would send
 * (invalid UTF-8 in a path, a header or a body). Status 0: the connection closed without an answer.
 */
export function rawRequest(
  port: number,
  request: Buffer,
  timeoutMs = 20_000,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : 0, text });
    };
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // An event stream (GET /events) never ends: once its headers are in, that is the answer.
      const head = Buffer.concat(chunks).toString('latin1');
      if (/\r\n\r\n/.test(head) && /^content-type: text\/event-stream/im.test(head.split('\r\n\r\n')[0])) {
        socket.destroy();
      }
    });
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.write(request);
  });
}

/** Builds the bytes of a request: a method, a target, headers (name, raw bytes) and a body. */
export function requestBytes(
  method: string,
  target: Buffer | string,
  headers: Array<[string, Buffer | string]>,
  body?: Buffer,
): Buffer {
  const lines: Buffer[] = [Buffer.from(`${method} `), Buffer.from(target), Buffer.from(' HTTP/1.1\r\n')];
  const all: Array<[string, Buffer | string]> = [
    ['Host', '127.0.0.1'],
    ['Connection', 'close'],
    ...headers,
    ...(body ? ([['Content-Length', String(body.length)]] as Array<[string, string]>) : []),
  ];
  for (const [name, value] of all) lines.push(Buffer.from(`${name}: `), Buffer.from(value), Buffer.from('\r\n'));
  lines.push(Buffer.from('\r\n'));
  if (body) lines.push(body);
  return Buffer.concat(lines);
}
