import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { summarizeCaseFile } from '../../projections/case-file/case-file.summary';
import { foldDocuments, type ProjectionDefinition } from '../../projections/projection';
import { interleavedAppends } from '../../bench/dataset/appends';
import { InMemoryEventStore } from '../../src/event-store/in-memory.event-store';
import { ReadModelDb } from '../../src/read-side/read-model.db';
import { rebuildReadModels } from '../../src/read-side/rebuild';

const definitions = [caseFilesProjection as ProjectionDefinition<unknown>];

describe('rebuild with bounded memory', () => {
  const store = new InMemoryEventStore();
  const dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-'));

  beforeAll(async () => {
    // 120 generated cases, their events interleaved as many recorders would write them.
    for (const round of interleavedAppends({ seed: 5, cases: 120, events: 120 * 12, today: '2025-06-30' }, 40)) {
      for (const append of round) {
        await store.appendToStream(append.stream, append.events, { expectedRevision: append.expectedRevision });
      }
    }
  });
  afterAll(() => store.close());

  it.each([1, 7, 10_000])(
    'writes the same documents and summaries holding at most %i documents at a time',
    async (heldDocuments) => {
      const path = join(dir, `read-models-${heldDocuments}.db`);
      const report = await rebuildReadModels(store, definitions, path, undefined, { heldDocuments, pageSize: 50 });
      const expected = foldDocuments(caseFilesProjection, await store.readAll({ maxCount: 1_000_000 }));
      const file = new ReadModelDb(path);
      try {
        const whole = new Map([...expected.keys()].map((key) => [key, file.document('case-files', key)]));
        expect(whole).toEqual(expected);
        const summaries = new Map(file.documents('case-files', caseFilesProjection.summarize));
        expect(summaries).toEqual(new Map([...expected].map(([key, doc]) => [key, summarizeCaseFile(doc)])));
        expect(file.checkpoint('case-files')?.position).toEqual(report.checkpoint);
      } finally {
        file.close();
      }
      expect(report.events).toBe(120 * 12);
      if (heldDocuments === 10_000) expect(report.readBack).toBe(0);
      if (heldDocuments === 1) expect(report.readBack).toBeGreaterThan(0);
    },
  );
});
