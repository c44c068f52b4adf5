import { HttpException, HttpStatus, Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventBus, ofType } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { Subscription } from 'rxjs';
import { appConfig } from '../config/app.config';
import { formatPosition } from '../event-store/position';
import { HttpDrain } from '../http/http-drain';
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
  /** Open streams per caller's address: each is a socket and a file descriptor held for as long as it likes. */
  private readonly perAddress = new Map<string, number>();
  private readonly subscription: Subscription;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    eventBus: EventBus,
    private readonly readModels: ReadModels,
    @Inject(DASHBOARD_OPTIONS) private readonly options: DashboardOptions,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
    private readonly drain: HttpDrain,
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

  /**
   * Opens the stream: headers now, then a `hello` with the checkpoint so the page can tell what it missed. Refused
   * past LIVE_STREAMS_PER_ADDRESS from one address (429) or LIVE_STREAMS_MAX in all (503): streams never end by
   * themselves, and without a cap anyone could hold every file descriptor the process has.
   */
  open(response: Response, address: string): void {
    const mine = this.perAddress.get(address) ?? 0;
    if (mine >= this.config.liveStreamsPerAddress) {
      response.setHeader('Retry-After', '30');
      throw new HttpException(
        {
          code: 'LIVE.TOO_MANY_STREAMS',
          message: `at most ${this.config.liveStreamsPerAddress} live streams per address; close one first`,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (this.clients.size >= this.config.liveStreamsMax) {
      response.setHeader('Retry-After', '30');
      throw new HttpException(
        {
          code: 'LIVE.TOO_MANY_STREAMS',
          message: `the server holds its most live streams (${this.config.liveStreamsMax}); try again later`,
        },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    this.perAddress.set(address, mine + 1);
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    // nginx and similar proxies buffer responses unless told not to; a buffered event stream is not live.
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`retry: 3000\n${this.frame('hello')}`);
    this.clients.add(response);
    this.drain.holdOpen(response);
    response.once('close', () => {
      this.clients.delete(response);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
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
