import { join } from 'node:path';
import { streamOfCase } from '../../domain/case/case.events';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { formatPosition } from '../../src/event-store/position';
import { ReadModelDb } from '../../src/read-side/read-model.db';
import { KEYS } from '../support/test-app';
import { startServerProcess } from '../support/server-process';

const WRITERS = 12;
const SIGNAL_AFTER_ACKS = 60;
const MAX_REQUESTS = 3000;

/**
 * SIGTERM in the middle of a burst of appends: every append answered 201 is in the store, the
 * read models are checkpointed at the store's head, every other request was refused cleanly
 * (503 or a closed connection), and the process exits 0.
 */
describe('graceful shutdown', () => {
  jest.setTimeout(90_000);

  it('keeps every acknowledged event, checkpoints the projections and exits 0', async () => {
    const server = await startServerProcess({ NODE_ENV: 'production', LOG_LEVEL: 'info' });
    const acknowledged = new Map<string, number>();
    const statuses = new Map<number | string, number>();
    let sent = 0;
    let signalled = false;
    let signalAt = 0;
    const count = (key: number | string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);

    async function writer(w: number): Promise<void> {
      while (sent < MAX_REQUESTS) {
        const caseId = `burst-${w}-${sent++}`;
        try {
          const res = await fetch(`${server.url}/cases`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${KEYS.recorder}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ caseId, title: caseId, country: 'KZ', subjects: [{ personId: 'p-1', name: 'P' }] }),
          });
          count(res.status);
          if (res.status === 201) {
            acknowledged.set(caseId, ((await res.json()) as { revision: number }).revision);
            if (!signalled && acknowledged.size >= SIGNAL_AFTER_ACKS) {
              signalled = true;
              signalAt = sent;
              server.child.kill('SIGTERM');
            }
          } else {
            await res.text();
            if (signalled) return;
          }
        } catch {
          count('connection closed');
          if (signalled) return; // refused or reset: the server stopped accepting
        }
      }
    }

    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    expect(signalled).toBe(true);
    expect(await server.exited).toBe(0);
    // Requests kept coming after the signal, so it really landed mid-burst.
    expect(sent).toBeGreaterThan(signalAt);
    expect([...statuses.keys()].filter((s) => s !== 201 && s !== 503 && s !== 'connection closed')).toEqual([]);
    expect(server.output()).toMatch(/SIGTERM: refusing new requests/);
    expect(server.output()).toMatch(/stopped: projections checkpointed, stores closed/);

    const store = new SqliteEventStore(join(server.dir, 'events.db'));
    try {
      for (const [caseId, revision] of acknowledged) {
        const events = await store.readStream(streamOfCase(caseId));
        expect({ caseId, revision: events[events.length - 1]?.revision }).toEqual({ caseId, revision });
      }
      const head = await store.headPosition();
      const readModels = new ReadModelDb(join(server.dir, 'read-models.db'));
      try {
        const checkpoint = readModels.checkpoint('case-files')?.position;
        expect(checkpoint && formatPosition(checkpoint)).toBe(head && formatPosition(head));
      } finally {
        readModels.close();
      }
    } finally {
      await store.close();
    }
  });
});
