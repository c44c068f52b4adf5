import {
  arrested,
  convicted,
  corrected,
  inquirySent,
  opened,
  openCase,
  opinionAdopted,
  record,
  SOURCE,
  subjectAdded,
  transferred,
  withSources,
} from '../../test/support/case-fixtures';
import { caseSpec } from '../../test/support/decider-spec';

/** Opening a case, its subjects and arrests, and the date rules every event obeys. */

describe('OpenCase', () => {
  it('opens a new case: the command becomes CaseOpened, without the caseId', () => {
    caseSpec
      .given([])
      .when(openCase('beket-mynbasov', 'samat-adilov'))
      .then([opened('beket-mynbasov', 'samat-adilov')]);
  });

  it('refuses to open a case that already exists', () => {
    caseSpec
      .given([opened('ann')])
      .when(openCase('ann'))
      .thenThrows('CASE.ALREADY_EXISTS');
  });

  it('refuses a case that lists the same person twice', () => {
    caseSpec
      .given([])
      .when(openCase('ann', 'ben', 'ann'))
      .thenThrows('CASE.SUBJECT_EXISTS', 'data.subjects');
  });

  it('refuses a source published after today', () => {
    const command = openCase('ann');
    command.data.sources = [{ ...SOURCE, publishedOn: '2023-09-27' }];
    caseSpec.given([]).when(command).thenThrows('CASE.DATE_IN_FUTURE', 'data.sources[0].publishedOn');
  });
});

describe('RecordCaseEvent: CaseOpened comes first, and only first', () => {
  it('records CaseOpened as the first event of a new stream', () => {
    caseSpec
      .given([])
      .when(record(opened('ann')))
      .then([opened('ann')]);
  });

  it('refuses CaseOpened on a case already opened', () => {
    caseSpec
      .given([opened('ann')])
      .when(record(opened('ben')))
      .thenThrows('CASE.ALREADY_OPENED');
  });

  it('refuses CaseOpened later in the stream too', () => {
    caseSpec
      .given([opened('ann'), arrested('ann')])
      .when(record(opened('ann')))
      .thenThrows('CASE.ALREADY_OPENED');
  });

  it.each([
    ['a fact', subjectAdded('ann')],
    ['a correction', corrected(0)],
  ])('refuses %s on a case that does not exist', (_what, event) => {
    caseSpec.given([]).when(record(event)).thenThrows('CASE.NOT_FOUND');
  });
});

describe('SubjectAdded: personId new in the case', () => {
  it('adds a new subject', () => {
    caseSpec
      .given([opened('ann')])
      .when(record(subjectAdded('ben')))
      .then([subjectAdded('ben')]);
  });

  it('refuses a subject named in the opening', () => {
    caseSpec
      .given([opened('ann')])
      .when(record(subjectAdded('ann')))
      .thenThrows('CASE.SUBJECT_EXISTS', 'data.personId');
  });

  it('refuses a subject added before', () => {
    caseSpec
      .given([opened('ann'), subjectAdded('ben')])
      .when(record(subjectAdded('ben')))
      .thenThrows('CASE.SUBJECT_EXISTS', 'data.personId');
  });
});

describe('PersonArrested: subjects of the case', () => {
  it('arrests several subjects at once', () => {
    caseSpec
      .given([opened('ann', 'ben')])
      .when(record(arrested(['ann', 'ben'])))
      .then([arrested(['ann', 'ben'])]);
  });

  it('arrests a subject added after the opening', () => {
    caseSpec
      .given([opened('ann'), subjectAdded('ben')])
      .when(record(arrested('ben')))
      .then([arrested('ben')]);
  });

  it('refuses an arrest naming someone who is not a subject, even beside subjects', () => {
    caseSpec
      .given([opened('ann', 'ben')])
      .when(record(arrested(['ann', 'cem'])))
      .thenThrows('CASE.SUBJECT_UNKNOWN', 'data.personIds');
  });
});

describe('No date after today (partial dates: refused only when they begin after today)', () => {
  const today = '2023-09-26';
  const given = [opened('ann'), arrested('ann'), convicted('ann', '2019-08')];

  it.each(['2023-09-26', '2023-09', '2023', '2019-09/2023-09-26', '2019-09/2023-09'])(
    'allows %s on %s',
    (occurredOn) => {
      const event = transferred('ann', occurredOn);
      caseSpec.given(given).when(record(event, today)).then([event]);
    },
  );

  it.each(['2023-09-27', '2023-10', '2024', '2023-09-27/2024'])('refuses %s on 2023-09-26', (occurredOn) => {
    caseSpec
      .given(given)
      .when(record(transferred('ann', occurredOn), today))
      .thenThrows('CASE.DATE_IN_FUTURE', 'data.occurredOn');
  });

  it('judges against the metadata day: what is future on one day is allowed on the next', () => {
    const event = transferred('ann', '2023-09-27');
    caseSpec.given(given).when(record(event, '2023-09-27')).then([event]);
  });

  it('refuses a transmittedOn after today', () => {
    caseSpec
      .given([opened('ann')])
      .when(record(opinionAdopted(undefined, { occurredOn: '2023-09', transmittedOn: '2023-10-02' })))
      .thenThrows('CASE.DATE_IN_FUTURE', 'data.transmittedOn');
  });

  it("refuses a source's publishedOn after today, on any event", () => {
    const event = withSources(inquirySent('q1'), [SOURCE, { ...SOURCE, publishedOn: '2024' }]);
    caseSpec
      .given([opened('ann')])
      .when(record(event))
      .thenThrows('CASE.DATE_IN_FUTURE', 'data.sources[1].publishedOn');
  });

  it('allows a source published today, or in the current month', () => {
    const event = withSources(inquirySent('q1'), [
      { ...SOURCE, publishedOn: '2023-09-26' },
      { ...SOURCE, publishedOn: '2023-09' },
    ]);
    caseSpec
      .given([opened('ann')])
      .when(record(event))
      .then([event]);
  });
});

describe('Dates must be partial dates', () => {
  it.each(['2023-02-30', '2023-13', '26 Sept 2023', '2023-06/2023-05', '', '2019/..', '0000'])(
    'refuses occurredOn %j',
    (occurredOn) => {
      caseSpec
        .given([opened('ann')])
        .when(record(arrested('ann', occurredOn)))
        .thenThrows('CASE.INVALID_DATE', 'data.occurredOn');
    },
  );

  it('refuses an invalid transmittedOn and an invalid publishedOn', () => {
    caseSpec
      .given([opened('ann')])
      .when(record(opinionAdopted(undefined, { transmittedOn: '2021-09-31' })))
      .thenThrows('CASE.INVALID_DATE', 'data.transmittedOn');
    caseSpec
      .given([opened('ann')])
      .when(record(withSources(subjectAdded('ben'), [{ publishedOn: 'yesterday' }])))
      .thenThrows('CASE.INVALID_DATE', 'data.sources[0].publishedOn');
  });

  it('accepts every form EDTF level 0 allows', () => {
    for (const occurredOn of ['2018', '2018-10', '2018-10-05', '2018/2019-03', '2018-10/2018-10-31']) {
      caseSpec
        .given([opened('ann')])
        .when(record(arrested('ann', occurredOn)))
        .then([arrested('ann', occurredOn)]);
    }
  });
});
