import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ReadModels } from '../../src/read-side/read-models';
import { startTestApp } from '../support/test-app';
import { exampleItems, importAll } from './read-side-fixtures';

describe('read models ahead of the store', () => {
  it('start over when the store holds less than they have seen', async () => {
    const first = await startTestApp();
    const store: EventStore = first.app.get(EVENT_STORE);
    await importAll(store, exampleItems());
    expect(await first.app.get(ReadModels).waitFor((await store.headPosition())!, 10_000)).toBe(true);
    expect(first.app.get(ReadModels).all(caseFilesProjection.name).size).toBe(6);
    await first.close();
    // The store is replaced by an empty one (a restore from an older backup, say).
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(first.dir, `events.db${suffix}`), { force: true });
    const second = await startTestApp({
      SQLITE_PATH: join(first.dir, 'events.db'),
      READ_MODEL_PATH: join(first.dir, 'read-models.db'),
    });
    try {
      expect(second.app.get(ReadModels).all(caseFilesProjection.name).size).toBe(0);
      const opened = await second.http
        .post('/cases')
        .set(second.bearer('recorder'))
        .send({ caseId: 'kz-after-restore', title: 'T', country: 'KZ', subjects: [{ personId: 'ab', name: 'A B' }] });
      expect(opened.status).toBe(201);
      expect((await second.http.get('/cases')).body.map((c: { caseId: string }) => c.caseId)).toEqual([
        'kz-after-restore',
      ]);
    } finally {
      await second.close();
    }
  });
});
