import { corrected, opened, opinionAdopted, subjectAdded } from '../../test/support/case-fixtures';
import type { CaseEvent } from '../../domain/case/case.events';
import { evolveCaseSearch, type CaseSearch } from './case-search.projection';
import { matchesEvery, searchWords } from './search-text';

const fold = (events: CaseEvent[]) =>
  events.reduce<CaseSearch | undefined>(
    (doc, event, revision) => evolveCaseSearch(doc, event, revision, 'kz-case'),
    undefined,
  )!;
const finds = (doc: CaseSearch, q: string) => matchesEvery(doc.key, searchWords(q));

describe('case search keys', () => {
  it('finds a case by id, title, names and opinion symbols, in either script, ignoring case and accents', () => {
    const doc = fold([
      {
        ...opened('p1'),
        data: {
          ...opened('p1').data,
          title: 'Jehovah’s Witnesses in Astana',
          subjects: [{ personId: 'p1', name: 'Бекет Мынбасов' }],
        },
      },
      { ...subjectAdded('p2'), data: { ...subjectAdded('p2').data, name: 'Zhasulan Iskakov' } },
      opinionAdopted(),
    ]);
    for (const q of [
      'mynbasov',
      'Мынбасов',
      'MYNBASOV beket',
      'iskakov',
      'Искаков',
      'kz-case',
      'astana witnesses',
      'wgad/2021/33',
    ]) {
      expect([q, finds(doc, q)]).toEqual([q, true]);
    }
    expect(finds(doc, 'mynbasov almaty')).toBe(false);
  });

  it('takes back what a corrected fact said, and says what its replacement says', () => {
    const added = { ...subjectAdded('p2'), data: { ...subjectAdded('p2').data, name: 'Zhasulan Iskakov' } };
    const before = fold([opened('p1'), added]);
    expect(finds(before, 'iskakov')).toBe(true);
    const renamed = fold([
      opened('p1'),
      added,
      corrected(1, { ...added, data: { ...added.data, name: 'Nazim Abdrakhmanov' } }),
    ]);
    expect([finds(renamed, 'iskakov'), finds(renamed, 'abdrakhmanov')]).toEqual([false, true]);
    const retracted = fold([opened('p1'), added, corrected(1)]);
    expect(finds(retracted, 'iskakov')).toBe(false);
  });
});
