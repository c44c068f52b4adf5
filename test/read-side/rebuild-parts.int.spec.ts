import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { alertsProjection } from '../../projections/alerts/alerts.projection';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import type { ProjectionDefinition } from '../../projections/projection';
import { interleavedAppends } from '../../bench/dataset/appends';
import Database from 'better-sqlite3';
import { splitStreams } from '../../src/event-store/sqlite.statements';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { rebuildReadModels } from '../../src/read-side/rebuild';
import { fileContents } from '../support/read-model-check';

const definitions = [caseFilesProjection, alertsProjection] as ProjectionDefinition<unknown>[];

describe('rebuild in parts, one thread each', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-parts-'));
  const storePath = join(dir, 'events.db');
  let store: SqliteEventStore;

  beforeAll(async () => {
    store = new SqliteEventStore(storePath, { synchronous: 'normal' });
    for (const round of interleavedAppends({ seed: 9, cases: 90, events: 90 * 10, today: '2025-06-30' }, 30)) {
      await Promise.all(
        round.map((a) => store.appendToStream(a.stream, a.events, { expectedRevision: a.expectedRevision })),
      );
    }
    const alerts = Array.from({ length: 40 }, (_, i) => ({
      eventId: uuidv7(),
      type: 'AlertRaised',
      data: { rule: 'inquiry.unanswered', alertId: `a-${i}`, caseId: `c-${i}`, country: 'KZ', asOf: '2025-06-30' },
      metadata: { recordedAt: '2025-06-30T10:00:00.000Z' },
    }));
    await store.appendToStream('alerts', alerts, { expectedRevision: 'any' });
    // Raised again by hand (see alertsProjection): the first raising stays. A folding thread holding fewer documents
    // than the alerts stream has by then reads the first one back from the new file.
    await store.appendToStream(
      'alerts',
      [{ ...alerts[0], eventId: uuidv7(), data: { ...alerts[0].data, asOf: '2025-07-01' } }],
      {
        expectedRevision: 'any',
      },
    );
  });
  afterAll(() => store.close());

  it('gives the same documents, summaries and checkpoints as one fold, whatever the number of threads', async () => {
    const one = join(dir, 'one.db');
    const sequential = await rebuildReadModels(store, definitions, one, undefined, { pageSize: 64 });
    expect(sequential.threads).toBe(1);
    for (const threads of [1, 2, 3]) {
      const path = join(dir, `parts-${threads}.db`);
      const progress: number[] = [];
      const report = await rebuildReadModels(store, definitions, path, (n) => progress.push(n), {
        pageSize: 64,
        heldDocuments: 5,
        parts: { sqlitePath: storePath, threads },
      });
      expect(report.threads).toBe(threads);
      expect(report.events).toBe(sequential.events);
      expect(report.checkpoint).toEqual(sequential.checkpoint);
      expect(fileContents(path, definitions)).toEqual(fileContents(one, definitions));
    }
    expect(fileContents(one, definitions)[0].documents.size).toBe(90);
    expect(fileContents(one, definitions)[1].documents.size).toBe(40);
  });

  it('folds a part again without its heap bound when the thread outgrows it, to the same documents', async () => {
    const one = join(dir, 'bound-one.db');
    await rebuildReadModels(store, definitions, one, undefined, { pageSize: 64 });
    const path = join(dir, 'bound-too-small.db');
    // A bound no thread can even start in: every part runs out of memory and folds again unbounded.
    const report = await rebuildReadModels(store, definitions, path, undefined, {
      pageSize: 64,
      parts: { sqlitePath: storePath, threads: 2, heapMb: 4 },
    });
    expect(report.threads).toBe(2);
    expect(fileContents(path, definitions)).toEqual(fileContents(one, definitions));
  });

  it('reads documents back from the new file when a thread held fewer than a stream keeps', async () => {
    const report = await rebuildReadModels(store, definitions, join(dir, 'read-back.db'), undefined, {
      pageSize: 8,
      heldDocuments: 5,
      parts: { sqlitePath: storePath, threads: 2 },
    });
    expect(report.readBack).toBeGreaterThan(0);
    const alert = fileContents(join(dir, 'read-back.db'), definitions)[1].documents.get('a-0') as { asOf: string };
    expect(alert.asOf).toBe('2025-06-30');
  });

  it('splits the streams into runs of about as many events each, never a stream in two', () => {
    const db = new Database(storePath, { readonly: true });
    try {
      const streams = db
        .prepare('SELECT stream, COUNT(*) AS events FROM events GROUP BY stream ORDER BY stream')
        .all() as Array<{
        stream: string;
        events: number;
      }>;
      const total = streams.reduce((n, s) => n + s.events, 0);
      for (const parts of [2, 3]) {
        const splits = splitStreams(db, total, parts);
        expect(splits).toHaveLength(parts - 1);
        const bounds = ['', ...splits];
        const sizes = bounds.map((from, i) =>
          streams
            .filter((s) => s.stream >= from && (i === splits.length || s.stream < bounds[i + 1]))
            .reduce((n, s) => n + s.events, 0),
        );
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
        // Whole streams only: each part within the largest stream of its fair share.
        const largest = Math.max(...streams.map((s) => s.events));
        for (const size of sizes) expect(Math.abs(size - total / parts)).toBeLessThanOrEqual(largest);
        for (const split of splits) expect(streams.some((s) => s.stream === split)).toBe(true);
      }
    } finally {
      db.close();
    }
  });
});
