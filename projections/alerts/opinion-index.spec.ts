import fc from 'fast-check';
import type { CaseFile } from '../../domain/case/case-file';
import { casesByOpinion } from './alert-rules';
import { OpinionIndex } from './opinion-index';

const file = (caseId: string, opinionIds: string[], opened = true) =>
  ({ caseId, opened, opinions: opinionIds.map((opinionId) => ({ opinionId })) }) as unknown as CaseFile;

describe('OpinionIndex', () => {
  it('finds the cases recording an opinion, by caseId, and follows a case that drops or gains one', () => {
    const index = new OpinionIndex();
    index.rebuild([file('b', ['WGAD/1']), file('a', ['WGAD/1', 'WGAD/1', 'CCPR/2']), file('c', ['CCPR/2'], false)]);
    expect(index.casesRecording('WGAD/1')).toEqual(['a', 'b']);
    expect(index.casesRecording('CCPR/2')).toEqual(['a']);
    expect(index.opinionsRecordedBy('a')).toEqual(['WGAD/1', 'CCPR/2']);

    index.update('a', file('a', ['CCPR/2']));
    index.update('c', file('c', ['CCPR/2']));
    index.update('b', undefined);
    expect(index.casesRecording('WGAD/1')).toEqual([]);
    expect(index.casesRecording('CCPR/2')).toEqual(['a', 'c']);
    expect(index.opinionsRecordedBy('b')).toEqual([]);
  });

  it('updated case by case, agrees with casesByOpinion over the files as they end up', () => {
    const change = fc.record({
      caseId: fc.constantFrom('a', 'b', 'c', 'd'),
      opinions: fc.array(fc.constantFrom('o1', 'o2', 'o3'), { maxLength: 3 }),
      opened: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        const index = new OpinionIndex();
        const files = new Map<string, CaseFile>();
        for (const c of changes) {
          files.set(c.caseId, file(c.caseId, c.opinions, c.opened));
          index.update(c.caseId, files.get(c.caseId));
        }
        const sorted = [...files.values()].sort((x, y) => (x.caseId < y.caseId ? -1 : 1));
        for (const opinionId of ['o1', 'o2', 'o3']) {
          expect(index.casesRecording(opinionId)).toEqual(
            (casesByOpinion(sorted).get(opinionId) ?? []).map((f) => f.caseId),
          );
        }
      }),
    );
  });
});
