import type { StoredEvent } from '../event-store/event-store.port';

/**
 * Published on the @nestjs/cqrs EventBus after the read models committed a batch: reactions
 * (alerts, live dashboard) start from here. The EventBus cannot acknowledge, so handlers must be
 * idempotent; checkpoints never depend on it.
 */
export class EventRecorded {
  constructor(readonly event: StoredEvent) {}
}
