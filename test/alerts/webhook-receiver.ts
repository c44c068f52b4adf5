import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

/**
 * A real HTTP receiver on 127.0.0.1: records every POST, answers 200, or `failWith` while set, and can go away
 * (`stop`: connections refused) and come back on the same port (`start`).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  failWith: number | undefined;
  /** While set, a POST is recorded (status 0) and never answered: a delivery caught in flight. */
  hold = false;
  private server?: Server;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (this.hold) {
          this.received.push({
            path: req.url ?? '',
            headers: req.headers,
            body: Buffer.concat(chunks).toString(),
            status: 0,
          });
          return;
        }
        const status = this.failWith ?? 200;
        this.received.push({
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
          status,
        });
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now');
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Delivery ids the receiver accepted (answered 2xx), each as often as it did. */
  accepted(): string[] {
    return this.received.filter((r) => r.status > 0 && r.status < 300).map((r) => String(r.headers['x-delivery-id']));
  }
}

/** What a receiver does with the shared secret: recompute the HMAC over the raw body, compare in constant time. */
export function signatureVerifies(body: string, header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
