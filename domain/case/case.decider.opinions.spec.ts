import {
  arrested,
  followUpReplied,
  measure,
  OPINION,
  opened,
  opinionAdopted,
  record,
  subjectAdded,
} from '../../test/support/case-fixtures';
import { caseSpec } from '../../test/support/decider-spec';

/** UN opinions, the measures that implement them and the state's follow-up replies. */

const adopted = [
  opened('ann', 'ben', 'cem'),
  arrested(['ann', 'ben', 'cem']),
  opinionAdopted(OPINION, { personIds: ['ann', 'ben'], calls: ['release', 'compensation', 'investigation'] }),
];

describe('UnOpinionAdopted: opinionId new in the case', () => {
  it('records an opinion covering every subject by default', () => {
    caseSpec
      .given([opened('ann', 'ben')])
      .when(record(opinionAdopted()))
      .then([opinionAdopted()]);
  });

  it('records an opinion naming some subjects, with a transmission date', () => {
    const event = opinionAdopted(OPINION, { personIds: ['ben'], transmittedOn: '2021-10-12', followUpMonths: 12 });
    caseSpec
      .given([opened('ann', 'ben')])
      .when(record(event))
      .then([event]);
  });

  it('records a second opinion with another symbol', () => {
    caseSpec
      .given(adopted)
      .when(record(opinionAdopted('CCPR/C/135/D/3000/2017', { mechanism: 'CCPR' })))
      .then([opinionAdopted('CCPR/C/135/D/3000/2017', { mechanism: 'CCPR' })]);
  });

  it('refuses an opinionId already in the case', () => {
    caseSpec
      .given(adopted)
      .when(record(opinionAdopted(OPINION, { mechanism: 'CCPR', occurredOn: '2022' })))
      .thenThrows('CASE.OPINION_EXISTS', 'data.opinionId');
  });

  it('refuses an opinion naming someone who is not a subject', () => {
    caseSpec
      .given([opened('ann', 'ben')])
      .when(record(opinionAdopted(OPINION, { personIds: ['ann', 'cem'] })))
      .thenThrows('CASE.SUBJECT_UNKNOWN', 'data.personIds');
  });

  it('refuses a transmission strictly before the adoption, allows one in the same month', () => {
    caseSpec
      .given([opened('ann')])
      .when(record(opinionAdopted(OPINION, { occurredOn: '2021-09', transmittedOn: '2021-08-31' })))
      .thenThrows('CASE.DATE_ORDER', 'data.transmittedOn');
    const sameMonth = opinionAdopted(OPINION, { occurredOn: '2021-09', transmittedOn: '2021-09-01' });
    caseSpec
      .given([opened('ann')])
      .when(record(sameMonth))
      .then([sameMonth]);
  });
});

describe('ImplementationMeasureRecorded: opinion in the case; one of its calls; not release', () => {
  it('records a partial measure for a call of the opinion', () => {
    caseSpec
      .given(adopted)
      .when(record(measure('compensation')))
      .then([measure('compensation')]);
  });

  it('records a full measure naming covered people', () => {
    const event = measure('compensation', { extent: 'full', personIds: ['ann', 'ben'] });
    caseSpec.given(adopted).when(record(event)).then([event]);
  });

  it('refuses a measure for an opinion not in the case', () => {
    caseSpec
      .given(adopted)
      .when(record(measure('compensation', { opinionId: 'A/HRC/WGAD/2022/1' })))
      .thenThrows('CASE.OPINION_UNKNOWN', 'data.opinionId');
  });

  it('refuses a call the opinion does not make', () => {
    caseSpec
      .given(adopted)
      .when(record(measure('legislative_review')))
      .thenThrows('CASE.CALL_NOT_IN_OPINION', 'data.call');
  });

  it('refuses release, which PersonReleased shows, even though the opinion calls for it', () => {
    caseSpec
      .given(adopted)
      .when(record(measure('release', { extent: 'full' })))
      .thenThrows('CASE.RELEASE_IS_NOT_A_MEASURE', 'data.call');
  });

  it('refuses a subject the opinion does not cover', () => {
    caseSpec
      .given(adopted)
      .when(record(measure('compensation', { personIds: ['ann', 'cem'] })))
      .thenThrows('CASE.PERSON_NOT_COVERED', 'data.personIds');
  });

  it('refuses someone who is not a subject at all', () => {
    caseSpec
      .given(adopted)
      .when(record(measure('compensation', { personIds: ['dan'] })))
      .thenThrows('CASE.SUBJECT_UNKNOWN', 'data.personIds');
  });

  it('covers by default the subjects at adoption, not those added later', () => {
    const given = [opened('ann'), opinionAdopted(), subjectAdded('ben')];
    const forAnn = measure('compensation', { personIds: ['ann'] });
    caseSpec.given(given).when(record(forAnn)).then([forAnn]);
    caseSpec
      .given(given)
      .when(record(measure('compensation', { personIds: ['ben'] })))
      .thenThrows('CASE.PERSON_NOT_COVERED', 'data.personIds');
  });

  it('refuses a measure strictly before the adoption', () => {
    caseSpec
      .given(adopted)
      .when(record(measure('compensation', { occurredOn: '2021-08-31' })))
      .thenThrows('CASE.DATE_ORDER', 'data.occurredOn');
  });
});

describe('StateFollowUpReplied: opinion in the case', () => {
  it('records the reply for an opinion in the case', () => {
    caseSpec.given(adopted).when(record(followUpReplied())).then([followUpReplied()]);
  });

  it('records a second reply', () => {
    caseSpec
      .given([...adopted, followUpReplied()])
      .when(record(followUpReplied(OPINION, '2023-03')))
      .then([followUpReplied(OPINION, '2023-03')]);
  });

  it('refuses a reply to an opinion not in the case', () => {
    caseSpec
      .given(adopted)
      .when(record(followUpReplied('A/HRC/WGAD/2022/1')))
      .thenThrows('CASE.OPINION_UNKNOWN', 'data.opinionId');
  });

  it('refuses a reply strictly before the adoption', () => {
    caseSpec
      .given(adopted)
      .when(record(followUpReplied(OPINION, '2021-08')))
      .thenThrows('CASE.DATE_ORDER', 'data.occurredOn');
  });
});
