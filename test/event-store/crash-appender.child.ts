// Child process for the crash test: appends batches of three from 8 concurrent writers and
// prints each acknowledged batch's event ids, until it is killed.
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';

const store = new SqliteEventStore(process.argv[2]);

async function writer(w: number): Promise<never> {
  for (let n = 0; ; n++) {
    const events = [0, 1, 2].map((part) => ({ eventId: randomUUID(), type: 'Part', data: { w, n, part } }));
    await store.appendToStream(`crash-${w}`, events);
    process.stdout.write(`ack ${events.map((e) => e.eventId).join(' ')}\n`);
  }
}

for (let w = 0; w < 8; w++) void writer(w);
