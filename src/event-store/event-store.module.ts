import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { openEventStore } from './open-event-store';

/** Provides the event-store port, backed by the store `EVENT_STORE` names. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) => openEventStore(config),
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
