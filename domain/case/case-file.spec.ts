import type { CaseEvent, CaseFact } from './case.events';
import {
  arrested,
  CASE_ID,
  convicted,
  corrected,
  followUpReplied,
  inquirySent,
  measure,
  noResponse,
  OPINION,
  opened,
  opinionAdopted,
  released,
  releaseRequested,
  requestDecided,
  responseReceived,
  SOURCE,
  subjectAdded,
  transferred,
  withSources,
} from '../../test/support/case-fixtures';
import { evolveCaseFile, initialCaseFile, retract, type CaseFile } from './case-file';

/** Folds events stored at revisions 0..n-1. */
const fold = (...events: CaseEvent[]): CaseFile =>
  events.reduce((file, event, revision) => evolveCaseFile(file, event, revision), initialCaseFile(CASE_ID));
const without = ({ revision: _r, corrections: _c, ...facts }: CaseFile) => facts;

describe('the case file before any event', () => {
  it('is empty, at revision -1, not opened', () => {
    expect(initialCaseFile(CASE_ID)).toMatchObject({ caseId: CASE_ID, revision: -1, opened: false, openedAt: -1 });
  });
});

describe('folding events: every fact is tagged with the revision that recorded it', () => {
  const file = fold(
    opened('ann', 'ben'), // 0
    subjectAdded('cem'), // 1
    arrested(['ann', 'ben'], '2018-10'), // 2
    convicted('ann', '2019-08'), // 3
    transferred('ann', '2023-05-24'), // 4
    released('ben', '2019', 'acquittal'), // 5
    opinionAdopted(OPINION, { transmittedOn: '2021-10' }), // 6
    measure('compensation', { personIds: ['ann'] }), // 7
    followUpReplied(), // 8
    releaseRequested('r1', 'ann'), // 9
    requestDecided('r1'), // 10
    inquirySent('q1', '2023-09-15', OPINION), // 11
    noResponse('q1', '2023-09-20'), // 12
    responseReceived('q1', '2023-09-26'), // 13
  );

  it('records the opening and the last revision folded', () => {
    expect(file).toMatchObject({ revision: 13, opened: true, openedAt: 0, title: 'Test case', country: 'KZ' });
  });

  it('keeps subjects with the revision that named them', () => {
    expect(file.subjects).toEqual([
      { revision: 0, personId: 'ann', name: 'ann' },
      { revision: 0, personId: 'ben', name: 'ben' },
      { revision: 1, personId: 'cem', name: 'cem' },
    ]);
  });

  it('keeps custody facts per person in recording order, leaving absent fields out', () => {
    const court = 'Almaly District Court';
    expect(file.custody).toStrictEqual([
      { revision: 2, personId: 'ann', occurredOn: '2018-10', kind: 'arrested' },
      { revision: 2, personId: 'ben', occurredOn: '2018-10', kind: 'arrested' },
      {
        revision: 3,
        personId: 'ann',
        occurredOn: '2019-08',
        kind: 'convicted',
        sentence: 'imprisonment',
        court,
        charges: ['Article 174'],
      },
      { revision: 4, personId: 'ann', occurredOn: '2023-05-24', kind: 'transferred' },
      { revision: 5, personId: 'ben', occurredOn: '2019', kind: 'released', basis: 'acquittal' },
    ]);
  });

  it('keeps the opinion, its measures and follow-up replies', () => {
    expect(file.opinions).toMatchObject([
      {
        revision: 6,
        opinionId: OPINION,
        mechanism: 'WGAD',
        occurredOn: '2021-09',
        transmittedOn: '2021-10',
        personIds: ['ann', 'ben', 'cem'],
        calls: ['release', 'compensation'],
        followUpMonths: 6,
      },
    ]);
    expect(file.measures).toMatchObject([{ revision: 7, call: 'compensation', extent: 'partial', personIds: ['ann'] }]);
    expect(file.followUpReplies).toStrictEqual([{ revision: 8, opinionId: OPINION, occurredOn: '2022-03-15' }]);
  });

  it('keeps requests, decisions, inquiries and their outcomes', () => {
    expect(file.requests).toMatchObject([{ revision: 9, requestId: 'r1', personId: 'ann', kind: 'early_release' }]);
    expect(file.decisions).toStrictEqual([{ revision: 10, requestId: 'r1', occurredOn: '2022-07', outcome: 'denied' }]);
    expect(file.inquiries).toMatchObject([{ revision: 11, inquiryId: 'q1', opinionId: OPINION, channel: 'writing' }]);
    expect(file.inquiryOutcomes).toStrictEqual([
      { revision: 12, inquiryId: 'q1', occurredOn: '2023-09-20', kind: 'no_response' },
      {
        revision: 13,
        inquiryId: 'q1',
        occurredOn: '2023-09-26',
        kind: 'response',
        summary: 'The sentences are lawful.',
        responseKind: 'denial',
      },
    ]);
  });

  it('is plain JSON: it survives a round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(file))).toStrictEqual(file);
  });
});

describe('an opinion without personIds covers the subjects of the case at its adoption', () => {
  it('covers those named before it, not those added after', () => {
    const file = fold(opened('ann'), subjectAdded('ben'), opinionAdopted(), subjectAdded('cem'));
    expect(file.opinions[0].personIds).toEqual(['ann', 'ben']);
  });

  it('covers exactly the people it names, when it names them', () => {
    const file = fold(opened('ann', 'ben'), opinionAdopted(OPINION, { personIds: ['ben'], followUpMonths: 12 }));
    expect(file.opinions[0]).toMatchObject({ personIds: ['ben'], followUpMonths: 12 });
  });

  it('when it replaces an opinion, still covers the subjects as they were at that revision', () => {
    const file = fold(
      opened('ann'),
      opinionAdopted(),
      subjectAdded('ben'),
      corrected(1, opinionAdopted(OPINION, { occurredOn: '2021-09-03' })),
    );
    expect(file.opinions).toMatchObject([{ revision: 1, occurredOn: '2021-09-03', personIds: ['ann'] }]);
  });

  it('follows a correction of the subjects it defaulted to', () => {
    const file = fold(opened('ann'), subjectAdded('bne'), opinionAdopted(), corrected(1, subjectAdded('ben')));
    expect(file.opinions[0].personIds).toEqual(['ann', 'ben']);
    const withdrawn = evolveCaseFile(file, corrected(1), 4);
    expect(withdrawn.opinions[0].personIds).toEqual(['ann']);
  });
});

describe('a correction retracts the fact at its revision and puts the replacement in its place', () => {
  const history: CaseFact[] = [
    opened('ann', 'ben'),
    arrested('ann', '2018-10'),
    convicted('ann', '2019-08'),
    arrested('ben', '2019'),
  ];

  it('replaces a fact in place, keeping recording order', () => {
    const file = fold(...history, corrected(1, arrested(['ann', 'ben'], '2018-10-05')));
    expect(file.custody.map((f) => [f.revision, f.personId, f.kind, f.occurredOn])).toEqual([
      [1, 'ann', 'arrested', '2018-10-05'],
      [1, 'ben', 'arrested', '2018-10-05'],
      [2, 'ann', 'convicted', '2019-08'],
      [3, 'ben', 'arrested', '2019'],
    ]);
    expect(file.revision).toBe(4);
    expect(file.corrections).toEqual([
      { revision: 4, corrects: 1, reason: 'misread the source', replacementType: 'PersonArrested' },
    ]);
  });

  it('drops the fact when there is no replacement', () => {
    const file = fold(...history, corrected(2));
    expect(file.custody.map((f) => [f.revision, f.kind])).toEqual([
      [1, 'arrested'],
      [3, 'arrested'],
    ]);
    expect(file.corrections).toStrictEqual([{ revision: 4, corrects: 2, reason: 'misread the source' }]);
  });

  it('may replace a fact with one of another type', () => {
    const file = fold(...history, corrected(3, subjectAdded('cem')));
    expect(file.custody.map((f) => f.revision)).toEqual([1, 2]);
    expect(file.subjects.map((s) => [s.revision, s.personId])).toEqual([
      [0, 'ann'],
      [0, 'ben'],
      [3, 'cem'],
    ]);
  });

  it('re-correcting the same revision replaces the earlier replacement; correcting back restores the file', () => {
    const original = fold(...history);
    const twice = fold(...history, corrected(2), corrected(2, convicted('ann', '2019-08-16')));
    expect(twice.custody.filter((f) => f.kind === 'convicted')).toMatchObject([
      { revision: 2, occurredOn: '2019-08-16' },
    ]);
    const back = fold(...history, corrected(2, convicted('ann', '2020')), corrected(2, history[2]));
    expect(without(back)).toEqual(without(original));
  });

  it('replaces the opening: title, country and its subjects, keeping subjects added since', () => {
    const replacement = { ...opened('anna', 'ben'), data: { ...opened('anna', 'ben').data, country: 'KG' } };
    const file = fold(...history, subjectAdded('cem'), corrected(0, replacement));
    expect(file).toMatchObject({ opened: true, openedAt: 0, country: 'KG' });
    expect(file.subjects.map((s) => [s.revision, s.personId])).toEqual([
      [0, 'anna'],
      [0, 'ben'],
      [4, 'cem'],
    ]);
  });

  it('retract alone leaves the file without any fact of that revision', () => {
    const file = retract(fold(...history), 0);
    expect(file).toMatchObject({ opened: false, openedAt: -1, title: '', country: '', subjects: [] });
    expect(file.custody).toHaveLength(3);
  });
});

describe('sources and notes are kept per revision', () => {
  it('keeps the sources and note of an event, and nothing for an event without them', () => {
    const file = fold(withSources(opened('ann'), [SOURCE], 'from the article'), arrested('ann'));
    expect(file.sources).toStrictEqual([
      { revision: 0, type: 'CaseOpened', sources: [SOURCE], note: 'from the article' },
    ]);
  });

  it('keeps a note given without sources', () => {
    const file = fold(opened('ann'), { ...arrested('ann'), data: { ...arrested('ann').data, note: 'month only' } });
    expect(file.sources).toStrictEqual([{ revision: 1, type: 'PersonArrested', sources: [], note: 'month only' }]);
  });

  it("replaces the corrected event's sources with the replacement's, and keeps the correction's own", () => {
    const later = { ...SOURCE, publishedOn: '2023-09-26' };
    const file = fold(
      opened('ann'),
      withSources(arrested('ann', '2018'), [SOURCE]),
      withSources(
        corrected(1, withSources(arrested('ann', '2018-10'), [later])),
        [later],
        'article 2409 gives the month',
      ),
    );
    expect(file.sources).toStrictEqual([
      { revision: 1, type: 'PersonArrested', sources: [later] },
      { revision: 2, type: 'EventCorrected', sources: [later], note: 'article 2409 gives the month' },
    ]);
  });

  it('drops the sources of a fact dropped by a correction', () => {
    const file = fold(opened('ann'), withSources(arrested('ann'), [SOURCE]), corrected(1));
    expect(file.sources).toEqual([]);
  });
});
