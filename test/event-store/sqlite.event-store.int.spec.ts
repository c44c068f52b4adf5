import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { describeEventStoreContract } from './event-store.contract';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));

describeEventStoreContract('sqlite (synchronous=full)', {
  open: async () => new SqliteEventStore(join(dir, 'full', 'events.db')),
  reopen: async (previous) => {
    await previous.close();
    return new SqliteEventStore(join(dir, 'full', 'events.db'));
  },
});

describeEventStoreContract('sqlite (synchronous=normal)', {
  open: async () => new SqliteEventStore(join(dir, 'normal.db'), { synchronous: 'normal' }),
});
