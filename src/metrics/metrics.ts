import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One projection's distance from the store's head, as /metrics and /health/ready report it. */
export interface ProjectionLagSample {
  projection: string;
  /** Events not yet applied; undefined where the store's positions cannot be counted (EventStoreDB). */
  events?: number;
  /** How long the oldest event not yet applied has waited; 0 when caught up. */
  seconds: number;
}

export type WebhookOutcome = 'delivered' | 'failed';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every Prometheus instrument of the app, on a registry of its own (not prom-client's global one),
 * so several apps in one process (the e2e tests) never collide. Features call the helpers below
 * rather than touching prom-client, which keeps metric names and labels in this one file.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private lagSource?: () => Promise<ProjectionLagSample[]>;

  private readonly eventsAppended = new Counter({
    name: 'ledger_events_appended_total',
    help: 'Events written to the event store, by event type (idempotent re-appends are not counted)',
    labelNames: ['type'],
    registers: [this.registry],
  });
  private readonly appendDuration = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'Time an append to the event store took, group commit included, by outcome',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly alertsRaised = new Counter({
    name: 'ledger_alerts_raised_total',
    help: 'Alerts raised, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly webhookDeliveries = new Counter({
    name: 'ledger_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome (delivered or failed)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly webhookFailures = new Counter({
    name: 'ledger_webhook_failures_total',
    help: 'Failed webhook delivery attempts, by reason (an HTTP status, timeout, network, ...)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly webhookDuration = new Histogram({
    name: 'ledger_webhook_delivery_duration_seconds',
    help: 'Time a webhook delivery attempt took, by outcome',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency, by method, route template and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
    const lag = this.lag.bind(this);
    new Gauge({
      name: 'ledger_projection_lag_events',
      help: 'Events in the store not yet applied by a projection (stores with countable positions only)',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const sample of await lag()) {
          if (sample.events !== undefined) this.set({ projection: sample.projection }, sample.events);
        }
      },
    });
    new Gauge({
      name: 'ledger_projection_lag_seconds',
      help: 'How long the oldest event not yet applied by a projection has waited (0 when caught up)',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const sample of await lag()) this.set({ projection: sample.projection }, sample.seconds);
      },
    });
  }

  /** Called once by the read side: the lag gauges ask it at every scrape. */
  reportProjectionLag(source: () => Promise<ProjectionLagSample[]>): void {
    this.lagSource = source;
  }

  eventAppended(type: string, count = 1): void {
    this.eventsAppended.inc({ type }, count);
  }

  appendObserved(seconds: number, outcome: 'written' | 'idempotent' | 'error'): void {
    this.appendDuration.observe({ outcome }, seconds);
  }

  /** For the alerts module: one raised alert of `kind` (e.g. `inquiry_unanswered`). */
  alertRaised(kind: string): void {
    this.alertsRaised.inc({ kind });
  }

  /**
   * For webhook deliveries: one attempt. A failure also counts under `reason` (the HTTP status as
   * a string, or `timeout`, `network`, ...); keep reasons few, they are label values.
   */
  webhookAttempted(outcome: WebhookOutcome, seconds: number, reason?: string): void {
    this.webhookDeliveries.inc({ outcome });
    this.webhookDuration.observe({ outcome }, seconds);
    if (outcome === 'failed') this.webhookFailures.inc({ reason: reason ?? 'unknown' });
  }

  httpObserved(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async lag(): Promise<ProjectionLagSample[]> {
    // A failing store must not break the whole scrape: the other metrics still matter then.
    return this.lagSource ? this.lagSource().catch(() => []) : [];
  }
}
