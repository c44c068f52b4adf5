import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { Metrics } from '../metrics/metrics';
import { backoffDelay, originOf, signatureOf } from './webhook-delivery';
import { WebhookOutbox, type Delivery } from './webhook-outbox.db';

const CONCURRENCY = 8;
/** Longest sleep with nothing due: deliveries another instance enqueued in the shared file are found by then. */
const IDLE_MS = 1000;
/** A lease outlives the longest POST by this much, so a slow attempt is never sent twice at once. */
const LEASE_MARGIN_MS = 5000;

export interface PostOutcome {
  statusCode?: number;
  error?: string;
}

/**
 * Sends due deliveries from the outbox: leases a few, POSTs each with its signature and delivery id, and records the
 * outcome. A 2xx answer delivers it; anything else (another status, a refused connection, no answer in time) schedules
 * the next attempt with exponential back-off and full jitter, until ALERT_WEBHOOK_MAX_ATTEMPTS puts it on the
 * dead-letter list. State lives in the outbox file only, so a restart goes on where it stopped. At least once: a
 * receiver that answered 2xx just before a crash gets the delivery again, with the same X-Delivery-Id.
 */
@Injectable()
export class WebhookSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  /** Owner of this process's leases in the shared outbox file. */
  readonly instanceId = randomUUID();
  private readonly inFlight = new Set<Promise<void>>();
  private running?: Promise<void>;
  private stopped = false;
  private wakeUp?: () => void;
  /** Attempts made by this instance, by outcome (tests, metrics). */
  readonly attempts = { delivered: 0, failed: 0, dead: 0 };

  constructor(
    private readonly outbox: WebhookOutbox,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.alertWebhookUrls.length > 0) this.running = this.loop();
  }

  /** Something became due (enqueued, redelivered): look now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  private async loop(): Promise<void> {
    const urls = this.config.alertWebhookUrls;
    const leaseMs = this.config.alertWebhookTimeoutMs + LEASE_MARGIN_MS;
    while (!this.stopped) {
      let claimed: Delivery[] = [];
      try {
        const free = CONCURRENCY - this.inFlight.size;
        if (free > 0) claimed = await this.outbox.claim(this.instanceId, urls, Date.now(), leaseMs, free);
      } catch (error) {
        this.logger.error(`cannot read the webhook outbox: ${messageOf(error)}`);
      }
      for (const delivery of claimed) {
        const attempt = this.attempt(delivery).finally(() => this.inFlight.delete(attempt));
        this.inFlight.add(attempt);
      }
      if (claimed.length > 0 && this.inFlight.size < CONCURRENCY) continue;
      await this.nextSignal(urls, this.inFlight.size >= CONCURRENCY);
    }
    await Promise.all(this.inFlight);
  }

  /** Until a delivery finishes, something is enqueued, or (with a free slot) the next pending one falls due. */
  private nextSignal(urls: readonly string[], full: boolean): Promise<void> {
    let next: number | undefined;
    try {
      next = full ? undefined : this.outbox.nextDueAt(urls);
    } catch {
      next = undefined;
    }
    const wait = next === undefined ? IDLE_MS : Math.max(0, Math.min(IDLE_MS, next - Date.now()));
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.wakeUp = done;
      for (const attempt of this.inFlight) void attempt.then(done);
    });
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const { deliveryId, url, body } = delivery;
    const attempt = delivery.attempts + 1;
    const started = process.hrtime.bigint();
    const outcome = await postJson(
      url,
      body,
      {
        'X-Delivery-Id': deliveryId,
        'X-Alert-Id': delivery.alertId,
        'X-Delivery-Attempt': String(attempt),
        'X-Signature': signatureOf(body, this.config.alertWebhookSecret ?? ''),
      },
      this.config.alertWebhookTimeoutMs,
    );
    const now = Date.now();
    const delivered = outcome.statusCode !== undefined && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics.webhookAttempted(
      delivered ? 'delivered' : 'failed',
      seconds,
      outcome.statusCode ? String(outcome.statusCode) : 'network',
    );
    try {
      if (delivered) {
        this.attempts.delivered++;
        await this.outbox.markDelivered(deliveryId, this.instanceId, outcome.statusCode!, now);
        return;
      }
      const error = outcome.error ?? `answered ${outcome.statusCode}`;
      const { alertWebhookMaxAttempts: max, alertWebhookBaseDelayMs: base, alertWebhookMaxDelayMs: cap } = this.config;
      // The receiver's URL may carry a token in its path: logs name its origin only, and never the secret.
      const where = `delivery ${deliveryId} to ${originOf(url)} (attempt ${attempt}/${max})`;
      if (attempt >= max) {
        this.attempts.dead++;
        await this.outbox.markFailed(deliveryId, this.instanceId, { error, statusCode: outcome.statusCode }, now);
        this.logger.error(`${where} failed: ${error}; moved to the dead-letter list`);
        return;
      }
      this.attempts.failed++;
      const delay = backoffDelay(attempt, base, cap);
      const failure = { error, statusCode: outcome.statusCode, nextAttemptAt: now + delay };
      await this.outbox.markFailed(deliveryId, this.instanceId, failure, now);
      this.logger.warn(`${where} failed: ${error}; next attempt in ${delay} ms`);
    } catch (error) {
      // The outcome could not be written: the lease runs out and the delivery is attempted again.
      this.logger.error(`cannot record the outcome of delivery ${deliveryId}: ${messageOf(error)}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    try {
      await this.outbox.releaseAll(this.instanceId);
    } catch (error) {
      this.logger.warn(`could not give back webhook leases: ${messageOf(error)}`);
    }
  }
}

/** One POST, no redirects, no connection reuse, answered within `timeoutMs` or counted as failed. */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        agent: false,
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          'User-Agent': 'compliance-ledger-webhooks',
        },
      },
      (response) => {
        // The answer's body is not read; draining it lets the socket close.
        response.resume();
        response.on('end', () => finish({ statusCode: response.statusCode }));
        response.on('error', (error) => finish({ statusCode: response.statusCode, error: messageOf(error) }));
      },
    );
    const deadline = setTimeout(() => {
      finish({ error: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => finish({ error: messageOf(error) }));
    request.end(body);
  });
}

const messageOf = (error: unknown) => {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
};
