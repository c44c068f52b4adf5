import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Counts requests in flight and, once shutdown starts, refuses new ones with 503 and
 * `Connection: close` (a keep-alive connection can still carry a request after the listener
 * closed). Shutdown waits on `idle()` before the stores close, so every append that was
 * acknowledged, or is about to be, has finished. The live event stream (`GET /events`) never
 * finishes by itself: once its route has opened it (`holdOpen`), it is not waited for but ended
 * when shutdown starts, and EventSource clients reconnect to another instance. A request's
 * `Accept` header does not decide this: any request that asked for `text/event-stream` would
 * otherwise escape the drain, a write included, and be cut off as the stores close.
 */
@Injectable()
export class HttpDrain {
  private inFlight = 0;
  private draining = false;
  private waiters: Array<() => void> = [];
  private readonly streams = new Set<Response>();
  /** How each request in flight leaves the count: once, at its end or when it becomes a stream. */
  private readonly leaving = new WeakMap<Response, () => void>();

  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    if (this.draining) {
      response.setHeader('Connection', 'close');
      response.status(503).json({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'SERVICE.SHUTTING_DOWN',
        message: 'the server is shutting down; nothing was done, try again shortly',
      });
      return;
    }
    this.inFlight++;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      if (--this.inFlight === 0) this.wake();
    };
    this.leaving.set(response, done);
    response.once('finish', done);
    response.once('close', done);
    next();
  };

  /** A live stream its route opened: not waited for at shutdown, but ended when it starts. */
  holdOpen(response: Response): void {
    this.leaving.get(response)?.();
    this.streams.add(response);
    response.once('close', () => this.streams.delete(response));
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  start(): void {
    this.draining = true;
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  /** Resolves true once no request is in flight, false if `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}
