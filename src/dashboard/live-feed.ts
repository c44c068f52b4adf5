import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { EventBus, ofType } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { Subscription } from 'rxjs';
import { formatPosition } from '../event-store/position';
import { EventRecorded } from '../read-side/event-recorded';
import { ReadModels } from '../read-side/read-models';
import { DASHBOARD_OPTIONS, type DashboardOptions } from './dashboard.options';

/** What a live client receives for each event the read models committed. */
export interface LiveEvent {
  type: string;
  stream: string;
  revision: number;
  /** The `$all` position of the event: an answer whose X-Checkpoint is at or past it already shows it. */
  checkpoint: string;
}

/** A client that lets this much pile up unread is gone or stuck: it is dropped, and re-reads when it reconnects. */
const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * Fans EventRecorded out to every open server-sent-event stream. One subscription to the EventBus serves all clients,
 * so each event is serialised once however many dashboards are open.
 */
@Injectable()
export class LiveFeed implements OnModuleDestroy {
  private readonly clients = new Set<Response>();
  private readonly subscription: Subscription;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    eventBus: EventBus,
    private readonly readModels: ReadModels,
    @Inject(DASHBOARD_OPTIONS) private readonly options: DashboardOptions,
  ) {
    this.subscription = eventBus.pipe(ofType(EventRecorded)).subscribe(({ event }) => {
      const live: LiveEvent = {
        type: event.type,
        stream: event.stream,
        revision: event.revision,
        checkpoint: formatPosition(event.position),
      };
      this.broadcast(`id: ${live.checkpoint}\ndata: ${JSON.stringify(live)}\n\n`);
    });
    this.heartbeat = setInterval(() => this.broadcast(this.frame('heartbeat')), options.heartbeatMs).unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Opens the stream: headers now, then a `hello` with the checkpoint so the page can tell what it missed. */
  open(response: Response): void {
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    // nginx and similar proxies buffer responses unless told not to; a buffered event stream is not live.
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`retry: 3000\n${this.frame('hello')}`);
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  private frame(event: 'hello' | 'heartbeat'): string {
    const data = { checkpoint: this.readModels.checkpoint(), heartbeatMs: this.options.heartbeatMs };
    return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  }

  private broadcast(frame: string): void {
    for (const client of this.clients) {
      if (client.writableLength > MAX_BUFFERED_BYTES) {
        this.clients.delete(client);
        client.end();
        continue;
      }
      client.write(frame);
    }
  }

  /** Open streams would keep the HTTP server from closing: end them before it does. */
  onModuleDestroy(): void {
    this.subscription.unsubscribe();
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
