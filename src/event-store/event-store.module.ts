import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { APPEND_METRICS, InstrumentedEventStore, type AppendMetrics } from './instrumented.event-store';
import { openEventStore } from './open-event-store';
import { StoreWrites } from './store-writes';

/**
 * Provides the event-store port, backed by the store `EVENT_STORE` names, and measured when the
 * app has metrics (the server does; the CLI does not), with what its appends found for readiness.
 */
@Global()
@Module({
  providers: [
    { provide: StoreWrites, useFactory: () => new StoreWrites() },
    {
      provide: EVENT_STORE,
      inject: [appConfig.KEY, StoreWrites, { token: APPEND_METRICS, optional: true }],
      useFactory: async (config: ConfigType<typeof appConfig>, writes: StoreWrites, metrics?: AppendMetrics) => {
        const store = await openEventStore(config);
        return metrics ? new InstrumentedEventStore(store, metrics, writes) : store;
      },
    },
  ],
  exports: [EVENT_STORE, StoreWrites],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** After every beforeApplicationShutdown hook: the projection runner has stopped reading by then. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
