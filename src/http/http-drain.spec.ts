import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { HttpDrain } from './http-drain';

/** Just enough of Express's request and response for the drain. */
function exchange(accept = 'application/json') {
  const events = new EventEmitter();
  const response = Object.assign(events, {
    statusCode: 200,
    headers: {} as Record<string, string>,
    ended: false,
    body: undefined as unknown,
    setHeader(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
    },
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
      this.ended = true;
    },
    end() {
      response.ended = true;
      events.emit('close');
    },
  });
  const request = { headers: { accept } } as unknown as Request;
  return { request, response, res: response as unknown as Response };
}

describe('HttpDrain', () => {
  it('waits for requests in flight, then reports idle', async () => {
    const drain = new HttpDrain();
    const a = exchange();
    const next = jest.fn() as NextFunction;
    drain.middleware(a.request, a.res, next);
    expect(next).toHaveBeenCalled();
    expect(drain.requestsInFlight).toBe(1);
    drain.start();
    const idle = drain.idle(1000);
    a.response.emit('finish');
    a.response.emit('close'); // both fire on a normal answer; counted once
    await expect(idle).resolves.toBe(true);
    expect(drain.requestsInFlight).toBe(0);
  });

  it('refuses new requests once draining, with 503 and Connection: close', () => {
    const drain = new HttpDrain();
    drain.start();
    const b = exchange();
    const next = jest.fn() as NextFunction;
    drain.middleware(b.request, b.res, next);
    expect(next).not.toHaveBeenCalled();
    expect(b.response.statusCode).toBe(503);
    expect(b.response.headers.connection).toBe('close');
    expect(b.response.body).toMatchObject({ code: 'SERVICE.SHUTTING_DOWN' });
  });

  it('ends the live stream its route opened at shutdown instead of waiting for it', async () => {
    const drain = new HttpDrain();
    const stream = exchange('text/event-stream');
    drain.middleware(stream.request, stream.res, jest.fn() as NextFunction);
    drain.holdOpen(stream.res);
    expect(drain.requestsInFlight).toBe(0);
    drain.start();
    expect(stream.response.ended).toBe(true);
    await expect(drain.idle(10)).resolves.toBe(true);
  });

  it('waits for a request that merely asks for text/event-stream: the header exempts nothing', async () => {
    const drain = new HttpDrain();
    const write = exchange('text/event-stream');
    drain.middleware(write.request, write.res, jest.fn() as NextFunction);
    expect(drain.requestsInFlight).toBe(1);
    drain.start();
    expect(write.response.ended).toBe(false);
    await expect(drain.idle(20)).resolves.toBe(false);
    write.response.emit('finish');
    await expect(drain.idle(20)).resolves.toBe(true);
  });

  it('gives up waiting after the timeout', async () => {
    const drain = new HttpDrain();
    const stuck = exchange();
    drain.middleware(stuck.request, stuck.res, jest.fn() as NextFunction);
    await expect(drain.idle(20)).resolves.toBe(false);
  });
});
