import type { KnownState } from '../../src/dashboard/web/audit-types';
import { knownChanges } from '../../src/dashboard/web/known-diff';

const state = (name: string, convicted: string | undefined, status = 'not_implemented'): KnownState =>
  ({
    caseId: 'c',
    asOf: null,
    knownAt: null,
    revision: 3,
    eventsKnown: 4,
    case: {
      caseId: 'c',
      title: 'T',
      country: 'KZ',
      revision: 3,
      opinions: [],
      inquiries: [],
      sources: [],
      subjects: [{ personId: 'ana', name, custody: 'imprisoned' }],
      timeline: [
        {
          personId: 'ana',
          name,
          custody: 'imprisoned',
          opinions: [],
          facts: convicted
            ? [
                {
                  revision: 2,
                  kind: 'convicted',
                  on: { text: convicted, first: '', last: '' },
                  custodyAfter: 'imprisoned',
                  sentence: 'imprisonment',
                  court: 'C',
                  charges: [],
                },
              ]
            : [],
        },
      ],
    },
    opinions: [{ opinionId: 'O/1', status, grade: 'D' }],
  }) as unknown as KnownState;

describe('what changed in what was known', () => {
  it('names each changed fact by its id, with the value then and later', () => {
    expect(knownChanges(state('Ana', '2019-08'), state('Ana', '2019-09', 'implemented'))).toEqual([
      { what: 'person ana: convicted (revision 2)', before: '2019-08', after: '2019-09' },
      { what: 'opinion O/1: status', before: 'not_implemented', after: 'implemented' },
    ]);
  });
  it('tells a fact newly known from one no longer known, and nothing from nothing', () => {
    expect(knownChanges(state('Ana', undefined), state('Ana', '2019-08'))).toEqual([
      { what: 'person ana: convicted (revision 2)', after: '2019-08' },
    ]);
    expect(knownChanges(state('Ana', '2019-08'), state('Ann', undefined))).toEqual([
      { what: 'person ana: name', before: 'Ana', after: 'Ann' },
      { what: 'person ana: convicted (revision 2)', before: '2019-08' },
    ]);
    expect(knownChanges(state('Ana', '2019-08'), state('Ana', '2019-08'))).toEqual([]);
  });
});
