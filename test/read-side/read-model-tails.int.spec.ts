import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { foldDocuments, type ProjectionDefinition } from '../../projections/projection';
import type { StoredEvent } from '../../src/event-store/event-store.port';
import { applyBatch, WHOLE_BELOW, type Checkpoints } from '../../src/read-side/apply-batch';
import { FileDocuments } from '../../src/read-side/file-documents';
import { storedBatch, type StoredChange } from '../../src/read-side/read-model.commit';
import { ReadModelDb } from '../../src/read-side/read-model.db';
import { ReadModels } from '../../src/read-side/read-models';

const CASE = 'long-1';
const definitions = [caseFilesProjection] as ProjectionDefinition<unknown>[];

function event(revision: number): StoredEvent {
  const data =
    revision === 0
      ? { title: 'A long case', country: 'KZ', subjects: [{ personId: 'p1', name: 'Beket Mynbasov' }] }
      : {
          inquiryId: `inq-${revision}`,
          occurredOn: '2024-03-01',
          to: `Prosecutor's office no. ${revision % 17}`,
          channel: 'writing',
          question: `Where is the detainee held, and on what grounds? (inquiry ${revision})`,
        };
  return {
    stream: `case-${CASE}`,
    revision,
    type: revision === 0 ? 'CaseOpened' : 'InquirySent',
    data,
    metadata: { actor: 'test', recordedAt: '2024-03-01T10:00:00.000Z' },
    eventId: `00000000-0000-7000-8000-${String(revision).padStart(12, '0')}`,
    position: { commit: BigInt(revision + 1), prepare: BigInt(revision + 1) },
    recordedAt: new Date('2024-03-01T10:00:00.000Z'),
  } as unknown as StoredEvent;
}

/** What a change writes to the file: the texts of the document, its summary and its tail. */
const bytesOf = ([, , doc, summary, , , tail]: StoredChange) =>
  (doc?.length ?? 0) + (summary?.length ?? 0) + (tail ?? []).reduce((n, e) => n + e.length, 0);

/** An event as a tail keeps it: what a projection sees of it. */
const tailText = ({ stream, revision, type, data, metadata }: StoredEvent) =>
  JSON.stringify({ stream, revision, type, data, metadata });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

describe('read-model file: a long document stores what changed (tails)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-tails-'));

  it('writes a bounded amount per event however long the case grows, and reads back the same case file', () => {
    const db = new ReadModelDb(join(dir, 'tails.db')).foldTailsWith(definitions);
    const files = new FileDocuments(db, definitions, new ReadModels());
    const checkpoints: Checkpoints = new Map();
    const written: number[] = [];
    const events = Array.from({ length: 3000 }, (_, i) => event(i));
    try {
      // One event a batch, as one client recording into one case one request after another gives the runner.
      for (const e of events) {
        const result = applyBatch(
          definitions,
          (d, key) => files.whole(d, key),
          checkpoints,
          [e],
          (p, k) => files.weightOf(p, k),
        )!;
        const batch = storedBatch(db.generation(), result.changes, result.checkpoints);
        expect(db.commit(db.generation(), result.changes, result.checkpoints)).toBe(true);
        result.changes.forEach((change, i) =>
          files.rememberCommitted(change.projection, change.key, change.doc, batch.changes[i]),
        );
        for (const c of result.checkpoints) checkpoints.set(c.projection, c.position);
        written.push(batch.changes.reduce((n, change) => n + bytesOf(change), 0));
      }
      const expected = foldDocuments(caseFilesProjection, events).get(CASE)!;
      const documentBytes = JSON.stringify(expected).length;
      expect(documentBytes).toBeGreaterThan(10 * WHOLE_BELOW);

      // The median event writes about its own size, at the 3,000th as at the 1,000th; rewrites of the whole file come
      // ever more rarely, so that over the last thousand events they add at most as much again.
      const eventBytes = tailText(events[2999]).length;
      expect(median(written.slice(-500))).toBeLessThan(2 * eventBytes);
      expect(median(written.slice(-500))).toBeLessThanOrEqual(median(written.slice(1000, 1500)) * 1.2);
      const lastThousand = written.slice(-1000).reduce((n, b) => n + b, 0);
      expect(lastThousand).toBeLessThan(1000 * eventBytes * 3 + 2 * documentBytes);
      expect(written.filter((bytes) => bytes > documentBytes / 2).length).toBeLessThan(10);

      // Read back from the file alone (no document remembered): the row folded with its tail.
      expect(db.document('case-files', CASE)).toEqual(expected);
      expect(db.documentsByKey('case-files', [CASE, 'missing'])).toEqual([expected, undefined]);
      expect(db.heldDocument('case-files', CASE, caseFilesProjection.summarize)).toEqual(
        caseFilesProjection.summarize!(expected),
      );
      expect([...db.documents('case-files', caseFilesProjection.summarize)]).toEqual([
        [CASE, caseFilesProjection.summarize!(expected)],
      ]);
      const fresh = new FileDocuments(db, definitions, new ReadModels());
      expect(fresh.whole(caseFilesProjection as ProjectionDefinition<unknown>, CASE)).toEqual(expected);
      expect(fresh.weightOf('case-files', CASE)!.tail).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('forgets a tail when the document is written whole, reset, or deleted', () => {
    const db = new ReadModelDb(join(dir, 'forget.db')).foldTailsWith(definitions);
    try {
      const opened = foldDocuments(caseFilesProjection, [event(0)]).get(CASE)!;
      const next = foldDocuments(caseFilesProjection, [event(0), event(1)]).get(CASE)!;
      const tail = [tailText(event(1))];
      const write = (change: object) =>
        db.writeDocuments([{ projection: 'case-files', key: CASE, doc: opened, ...change }]);
      write({});
      write({ tail });
      expect(db.document('case-files', CASE)).toEqual(next);
      write({});
      expect(db.document('case-files', CASE)).toEqual(opened);
      write({ tail });
      db.reset('case-files', 1);
      write({});
      expect(db.document('case-files', CASE)).toEqual(opened);
      write({ tail });
      db.writeDocuments([{ projection: 'case-files', key: CASE, doc: undefined }]);
      write({});
      expect(db.document('case-files', CASE)).toEqual(opened);
    } finally {
      db.close();
    }
  });
});
