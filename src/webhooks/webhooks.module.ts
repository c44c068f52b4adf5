import { dirname, join } from 'node:path';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookOutbox } from './webhook-outbox.db';
import { WebhookOutboxFeeder } from './webhook-outbox.feeder';
import { WebhookSender } from './webhook-sender';

/** Beside the read models, in a file of its own: the read models are disposable, what was sent is not. */
export const outboxPathOf = (config: { readModelPath: string }) =>
  join(dirname(config.readModelPath), 'webhook-outbox.db');

/** Alert webhooks: the outbox fed from the alerts stream, the sender, and the admin view of deliveries. */
@Module({
  controllers: [WebhookDeliveriesController],
  providers: [
    {
      provide: WebhookOutbox,
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) => new WebhookOutbox(outboxPathOf(config)),
    },
    WebhookSender,
    WebhookOutboxFeeder,
  ],
})
export class WebhooksModule implements OnApplicationShutdown {
  constructor(@Inject(WebhookOutbox) private readonly outbox: WebhookOutbox) {}

  /** After the feeder and the sender stopped (they do so before application shutdown). */
  onApplicationShutdown(): void {
    this.outbox.close();
  }
}
