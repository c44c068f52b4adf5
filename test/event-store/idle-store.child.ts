// Child process for the writer-thread test: appends once and never closes the store. It must exit
// on its own, as a CLI command that forgot to close would.
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';

const store = new SqliteEventStore(process.argv[2]);
void store.appendToStream('idle', [{ eventId: randomUUID(), type: 'Once', data: {} }]).then(() => {
  process.stdout.write('appended\n');
});
