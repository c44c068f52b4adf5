import {
  arrested,
  convicted,
  corrected,
  inquirySent,
  noResponse,
  opened,
  opinionAdopted,
  record,
  released,
  releaseRequested,
  requestDecided,
  responseReceived,
  SOURCE,
  subjectAdded,
  transferred,
  withSources,
} from '../../test/support/case-fixtures';
import { caseSpec } from '../../test/support/decider-spec';

/** EventCorrected: the revision exists and is not itself a correction; the opening stays a CaseOpened. */

// revisions:  0            1                  2                 3
const history = [opened('ann'), subjectAdded('ben'), arrested('ann'), convicted('ann', '2019-08')];

describe('EventCorrected: the target revision exists', () => {
  it.each([1, 2, 3])('drops the fact at revision %i', (revision) => {
    caseSpec
      .given(history)
      .when(record(corrected(revision)))
      .then([corrected(revision)]);
  });

  it.each([
    ['negative', -1],
    ['the revision the correction itself would take', 4],
    ['beyond the end of the stream', 99],
  ])('refuses a target revision %s', (_what, revision) => {
    caseSpec
      .given(history)
      .when(record(corrected(revision)))
      .thenThrows('CASE.CORRECTION_TARGET_UNKNOWN', 'data.revision');
  });
});

describe('EventCorrected: the target is not itself a correction', () => {
  it('refuses to correct a correction', () => {
    caseSpec
      .given([...history, corrected(2)])
      .when(record(corrected(4)))
      .thenThrows('CASE.CORRECTION_OF_CORRECTION', 'data.revision');
  });

  it('corrects the original again instead (re-correction)', () => {
    caseSpec
      .given([...history, corrected(2)])
      .when(record(corrected(2, arrested('ann', '2018-10-05'))))
      .then([corrected(2, arrested('ann', '2018-10-05'))]);
  });
});

describe('EventCorrected: the opening is only replaced by another CaseOpened', () => {
  it('replaces the opening with a corrected CaseOpened', () => {
    const replacement = { ...opened('ann'), data: { ...opened('ann').data, country: 'KG' } };
    caseSpec
      .given(history)
      .when(record(corrected(0, replacement)))
      .then([corrected(0, replacement)]);
  });

  it('refuses to drop the opening', () => {
    caseSpec
      .given(history)
      .when(record(corrected(0)))
      .thenThrows('CASE.CORRECTION_OF_OPENING', 'data.replacement');
  });

  it('refuses to replace the opening with another kind of event', () => {
    caseSpec
      .given(history)
      .when(record(corrected(0, subjectAdded('ann'))))
      .thenThrows('CASE.CORRECTION_OF_OPENING', 'data.replacement');
  });

  it('refuses a CaseOpened as the replacement of any other event', () => {
    caseSpec
      .given(history)
      .when(record(corrected(1, opened('ben'))))
      .thenThrows('CASE.CORRECTION_OF_OPENING', 'data.replacement');
  });
});

describe('EventCorrected: the replacement obeys the rules as if the corrected event were not there', () => {
  it('re-adds the subject it replaces (a misspelt name)', () => {
    const fixed = { ...subjectAdded('ben'), data: { personId: 'ben', name: 'Benjamin' } };
    caseSpec
      .given(history)
      .when(record(corrected(1, fixed)))
      .then([corrected(1, fixed)]);
  });

  it('keeps the id of the opinion, request, decision, inquiry or response it replaces', () => {
    const given = [
      ...history,
      opinionAdopted(), // 4
      releaseRequested('r1', 'ann', '2022-06'), // 5
      requestDecided('r1', '2022-07'), // 6
      inquirySent('q1', '2023-09-15'), // 7
      responseReceived('q1', '2023-09-20'), // 8
    ];
    const replacements = [
      [4, opinionAdopted(undefined, { occurredOn: '2021-09-03' })],
      [5, releaseRequested('r1', 'ann', '2022-06-02')],
      [6, requestDecided('r1', '2022-07-20', 'granted')],
      [7, inquirySent('q1', '2023-09-14')],
      [8, responseReceived('q1', '2023-09-21')],
    ] as const;
    for (const [revision, replacement] of replacements) {
      caseSpec
        .given(given)
        .when(record(corrected(revision, replacement)))
        .then([corrected(revision, replacement)]);
    }
  });

  it('refuses an id another event still holds', () => {
    caseSpec
      .given([...history, subjectAdded('cem')])
      .when(record(corrected(4, subjectAdded('ben'))))
      .thenThrows('CASE.SUBJECT_EXISTS', 'data.personId');
  });

  it('refuses a replacement opening that lists a subject added later: the later SubjectAdded would break', () => {
    caseSpec
      .given(history)
      .when(record(corrected(0, opened('ann', 'ben'))))
      .thenThrows('CASE.CORRECTION_BREAKS_LATER_EVENT', 'data.replacement');
  });

  it('judges custody without the corrected event: no transfer once the conviction it rests on is replaced', () => {
    caseSpec
      .given(history)
      .when(record(corrected(3, transferred('ann', '2019-09'))))
      .thenThrows('CASE.CUSTODY_TRANSITION');
  });

  it('refuses a replacement naming someone who is not a subject', () => {
    caseSpec
      .given(history)
      .when(record(corrected(2, arrested(['ann', 'cem']))))
      .thenThrows('CASE.SUBJECT_UNKNOWN', 'data.personIds');
  });

  it('refuses a replacement dated after today, or not a partial date', () => {
    caseSpec
      .given(history)
      .when(record(corrected(2, arrested('ann', '2023-10'))))
      .thenThrows('CASE.DATE_IN_FUTURE', 'data.occurredOn');
    caseSpec
      .given(history)
      .when(record(corrected(2, arrested('ann', 'October 2018'))))
      .thenThrows('CASE.INVALID_DATE', 'data.occurredOn');
  });

  it('refuses a correction citing a source published after today', () => {
    caseSpec
      .given(history)
      .when(record(withSources(corrected(2), [{ ...SOURCE, publishedOn: '2024-01' }])))
      .thenThrows('CASE.DATE_IN_FUTURE', 'data.sources[0].publishedOn');
  });
});

describe('EventCorrected: the replacement is judged in its place in the history', () => {
  it('re-dates a conviction after the person was released', () => {
    const given = [...history, released('ann', '2021-06')];
    const fixed = convicted('ann', '2019-08-16');
    caseSpec
      .given(given)
      .when(record(corrected(3, fixed)))
      .then([corrected(3, fixed)]);
  });

  it('re-dates a transfer after the person was released', () => {
    const given = [...history, transferred('ann', '2020'), released('ann', '2021-06')];
    caseSpec
      .given(given)
      .when(record(corrected(4, transferred('ann', '2020-03-02'))))
      .then([corrected(4, transferred('ann', '2020-03-02'))]);
  });

  it('restores an in-absentia conviction that a later arrest follows', () => {
    const given = [opened('ann'), convicted('ann', '2018'), arrested('ann', '2023-05-10'), corrected(1)];
    caseSpec
      .given(given)
      .when(record(corrected(1, convicted('ann', '2018'))))
      .then([corrected(1, convicted('ann', '2018'))]);
  });

  it('re-dates a "no response" after the answer came', () => {
    const given = [
      opened('ann'),
      inquirySent('q1', '2023-09-15'),
      noResponse('q1', '2023-09-20'),
      responseReceived('q1'),
    ];
    caseSpec
      .given(given)
      .when(record(corrected(2, noResponse('q1', '2023-09-21'))))
      .then([corrected(2, noResponse('q1', '2023-09-21'))]);
  });

  it('still refuses what is wrong in that place: a conviction before the arrest preceding it', () => {
    caseSpec
      .given([...history, released('ann', '2021-06')])
      .when(record(corrected(3, convicted('ann', '2018-09'))))
      .thenThrows('CASE.DATE_ORDER', 'data.occurredOn');
  });

  it('still refuses what is wrong in that place: a conviction of someone released before it', () => {
    const given = [
      opened('ann'),
      arrested('ann'),
      released('ann', '2019'),
      arrested('ann', '2020'),
      convicted('ann', '2021'),
    ];
    caseSpec
      .given(given)
      .when(record(corrected(3, convicted('ann', '2020'))))
      .thenThrows('CASE.CUSTODY_TRANSITION');
  });
});
