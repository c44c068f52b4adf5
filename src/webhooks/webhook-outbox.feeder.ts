import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ALERT_RAISED, ALERTS_STREAM, type AlertRaised } from '../../projections/alerts/alert.events';
import { alertsProjection } from '../../projections/alerts/alerts.projection';
import { appConfig } from '../config/app.config';
import {
  EVENT_STORE,
  type EventStore,
  type EventSubscription,
  type StoredEvent,
} from '../event-store/event-store.port';
import { deliveryIdOf, webhookBody } from './webhook-delivery';
import { WebhookOutbox, type NewDelivery } from './webhook-outbox.db';
import { WebhookSender } from './webhook-sender';

const RETRY_MS = 1000;
/** Batches without alerts move the checkpoint at most this often: it only bounds what a restart reads again. */
const QUIET_CHECKPOINT_MS = 30_000;

/**
 * Feeds the outbox from the store: a catch-up subscription from the outbox's own checkpoint turns each AlertRaised
 * into one delivery per URL, enqueued in the same transaction that moves the checkpoint. Not from EventRecorded: the
 * EventBus cannot acknowledge, and a delivery must survive a crash between the alert and its sending. A URL added
 * to ALERT_WEBHOOK_URLS later has no checkpoint yet, so it receives every alert from the first.
 */
@Injectable()
export class WebhookOutboxFeeder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookOutbox');
  private subscription?: EventSubscription;
  private running?: Promise<void>;
  private stopped = false;
  private lastCheckpointAt = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly outbox: WebhookOutbox,
    private readonly sender: WebhookSender,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.alertWebhookUrls.length > 0) this.running = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.follow();
      } catch (error) {
        if (this.stopped) return;
        this.logger.error(
          `outbox feed stopped on an error, resuming: ${error instanceof Error ? error.message : error}`,
        );
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private async follow(): Promise<void> {
    const urls = this.config.alertWebhookUrls;
    this.subscription = this.store.subscribeToAll({ after: this.outbox.resumeAfter(urls), maxBatch: 500 });
    if (this.stopped) await this.subscription.close();
    for await (const batch of this.subscription) {
      if (batch.events.length === 0) continue;
      const deliveries = batch.events.filter(isAlert).flatMap((event) => urls.map((url) => this.delivery(event, url)));
      const now = Date.now();
      if (deliveries.length === 0 && now - this.lastCheckpointAt < QUIET_CHECKPOINT_MS) continue;
      this.lastCheckpointAt = now;
      const through = batch.events[batch.events.length - 1].position;
      if ((await this.outbox.enqueue(deliveries, urls, through, now)) > 0) this.sender.wake();
    }
  }

  private delivery(event: StoredEvent, url: string): NewDelivery {
    const alertId = (event.data as unknown as AlertRaised).alertId;
    const deliveryId = deliveryIdOf(alertId, url);
    // The alert exactly as GET /alerts shows it.
    const alert = alertsProjection.evolve(undefined, event, alertId)!;
    return {
      deliveryId,
      alertId,
      url,
      body: webhookBody(deliveryId, alert, this.config.publicUrl),
      position: event.position,
    };
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.running;
  }
}

const isAlert = (event: StoredEvent) => event.stream === ALERTS_STREAM && event.type === ALERT_RAISED;
