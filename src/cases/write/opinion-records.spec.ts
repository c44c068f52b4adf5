import type { CaseEvent } from '../../../domain/case/case.events';
import type { Position } from '../../event-store/event-store.port';
import { caseFilesProjection } from '../../../projections/case-file/case-file.projection';
import { fold, given } from '../../../projections/views/case-files.fixture';
import { ReadModels } from '../../read-side/read-models';
import { ReadSideOpinionRecords } from './opinion-records';

const OP = 'A/HRC/WGAD/2021/33';
const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });
const caseWith = (caseId: string, ...events: CaseEvent[]) => fold(caseId, [given.opened('KZ', 'a'), ...events]);

/** The read side's index of opinions, as the write path asks it before deciding a UnOpinionAdopted. */
describe('ReadSideOpinionRecords', () => {
  const models = new ReadModels();
  let head: Position | undefined;
  const records = new ReadSideOpinionRecords(models, { headPosition: () => Promise.resolve(head) });
  const apply = (position: number, ...files: ReturnType<typeof caseWith>[]) => {
    const docs = new Map<string, unknown>(files.map((file) => [file.caseId, file]));
    models.applyChanges(new Map([[caseFilesProjection.name, docs]]), at(position), [caseFilesProjection.name]);
  };

  it('answers the other cases’ records of the opinion, not the asking case’s, nor other opinions', async () => {
    apply(
      1,
      caseWith('kz-1', given.opinion(OP, '2021-08-31', ['release'])),
      caseWith('kz-2', given.opinion(OP, '2021-09', ['release'], { mechanism: 'CCPR' })),
      caseWith('kz-3', given.opinion('CCPR/C/1/D/2/2020', '2020-01', ['release'])),
    );
    const found = await records.recordsOf(OP, 'kz-2');
    expect(found.map((r) => [r.caseId, r.record.mechanism, r.record.occurredOn])).toEqual([
      ['kz-1', 'WGAD', '2021-08-31'],
    ]);
  });

  it('sees a case the read side applies while the write waits for it to reach the store’s head', async () => {
    head = at(2);
    setTimeout(() => apply(2, caseWith('kz-4', given.opinion(OP, '2021-08-31', ['compensation']))), 20);
    const found = await records.recordsOf(OP, 'kz-2');
    expect(found.map((r) => r.caseId)).toEqual(['kz-1', 'kz-4']);
  });
});
