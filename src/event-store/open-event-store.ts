import type { AppConfig } from '../config/app.config';
import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite.event-store';

/** The store the configuration names; shared by the server and the CLI. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStore === 'esdb') {
    // Loaded only when asked for: the gRPC client is heavy and unused on the embedded default.
    const { EsdbEventStore } = await import('./esdb.event-store');
    return new EsdbEventStore(config.esdbConnectionString!);
  }
  return new SqliteEventStore(config.sqlitePath, { synchronous: config.sqliteSynchronous });
}
