import {
  arrested,
  convicted,
  opened,
  record,
  released,
  releaseRequested,
  requestDecided,
  transferred,
} from '../../test/support/case-fixtures';
import { caseSpec } from '../../test/support/decider-spec';

/** Convictions, transfers to restricted freedom, releases and release requests. */

const imprisoned = [opened('ann', 'ben'), arrested(['ann', 'ben'], '2018-10'), convicted('ann', '2023-05-10')];

describe('PersonConvicted: a subject, not already released', () => {
  it('convicts a detained subject', () => {
    caseSpec
      .given([opened('ann'), arrested('ann')])
      .when(record(convicted('ann')))
      .then([convicted('ann')]);
  });

  it('convicts someone never arrested (in absentia)', () => {
    caseSpec
      .given([opened('ann')])
      .when(record(convicted('ann', '2019-08', 'restricted_freedom')))
      .then([convicted('ann', '2019-08', 'restricted_freedom')]);
  });

  it('convicts someone already imprisoned again', () => {
    caseSpec
      .given(imprisoned)
      .when(record(convicted('ann', '2023-08')))
      .then([convicted('ann', '2023-08')]);
  });

  it('refuses to convict a released person', () => {
    caseSpec
      .given([...imprisoned, released('ann', '2023-08')])
      .when(record(convicted('ann', '2023-09')))
      .thenThrows('CASE.CUSTODY_TRANSITION');
  });

  it('convicts a released person again after a new arrest', () => {
    const given = [...imprisoned, released('ann', '2023-08'), arrested('ann', '2023-09-01')];
    caseSpec
      .given(given)
      .when(record(convicted('ann', '2023-09-20')))
      .then([convicted('ann', '2023-09-20')]);
  });

  it('refuses to convict someone who is not a subject', () => {
    caseSpec
      .given([opened('ann')])
      .when(record(convicted('cem')))
      .thenThrows('CASE.SUBJECT_UNKNOWN', 'data.personId');
  });

  it('refuses a conviction strictly before the arrest, allows one overlapping it', () => {
    const given = [opened('ann'), arrested('ann', '2018-10')];
    caseSpec
      .given(given)
      .when(record(convicted('ann', '2018-09')))
      .thenThrows('CASE.DATE_ORDER', 'data.occurredOn');
    caseSpec
      .given(given)
      .when(record(convicted('ann', '2018')))
      .then([convicted('ann', '2018')]);
  });
});

describe('TransferredToRestrictedFreedom: person imprisoned now; not before the conviction', () => {
  it('transfers an imprisoned person', () => {
    caseSpec
      .given(imprisoned)
      .when(record(transferred('ann', '2023-07-12')))
      .then([transferred('ann', '2023-07-12')]);
  });

  it('allows a transfer in 2023 after a conviction on 2023-05-10 (the intervals overlap)', () => {
    caseSpec
      .given(imprisoned)
      .when(record(transferred('ann', '2023')))
      .then([transferred('ann', '2023')]);
  });

  it('allows a transfer in 2023-05 after a conviction on 2023-05-10', () => {
    caseSpec
      .given(imprisoned)
      .when(record(transferred('ann', '2023-05')))
      .then([transferred('ann', '2023-05')]);
  });

  it('refuses a transfer in 2023-04 after a conviction on 2023-05-10 (strictly before)', () => {
    caseSpec
      .given(imprisoned)
      .when(record(transferred('ann', '2023-04')))
      .thenThrows('CASE.DATE_ORDER', 'data.occurredOn');
  });

  it.each([
    ['at liberty', [opened('ann', 'ben')]],
    ['detained, not convicted', [opened('ann', 'ben'), arrested('ann')]],
    ['already under restricted freedom', [...imprisoned, transferred('ann', '2023-06')]],
    ['released', [...imprisoned, released('ann', '2023-06')]],
    ['sentenced to a fine', [opened('ann', 'ben'), arrested('ann'), convicted('ann', '2019-08', 'fine')]],
    ['convicted in absentia', [opened('ann', 'ben'), convicted('ann', '2019-08', 'imprisonment')]],
  ])('refuses a transfer of someone %s', (_state, given) => {
    caseSpec
      .given(given)
      .when(record(transferred('ann', '2023-08')))
      .thenThrows('CASE.CUSTODY_TRANSITION');
  });

  it('refuses a transfer of someone who is not a subject', () => {
    caseSpec
      .given(imprisoned)
      .when(record(transferred('cem')))
      .thenThrows('CASE.SUBJECT_UNKNOWN', 'data.personId');
  });
});

describe('PersonReleased: person detained, imprisoned or under restricted freedom', () => {
  it.each([
    ['detained', [opened('ann'), arrested('ann', '2018-10')]],
    ['imprisoned', imprisoned],
    ['under restricted freedom', [...imprisoned, transferred('ann', '2023-06')]],
  ])('releases someone %s', (_state, given) => {
    caseSpec
      .given(given)
      .when(record(released('ann', '2023-08')))
      .then([released('ann', '2023-08')]);
  });

  it.each([
    ['at liberty', [opened('ann')]],
    ['convicted in absentia', [opened('ann'), convicted('ann')]],
    ['already released', [...imprisoned, released('ann', '2023-06')]],
    ['released by a suspended sentence', [opened('ann'), arrested('ann'), convicted('ann', '2019-08', 'suspended')]],
  ])('refuses to release someone %s', (_state, given) => {
    caseSpec
      .given(given)
      .when(record(released('ann', '2023-08')))
      .thenThrows('CASE.CUSTODY_TRANSITION');
  });

  it('refuses to release someone who is not a subject', () => {
    caseSpec
      .given(imprisoned)
      .when(record(released('cem')))
      .thenThrows('CASE.SUBJECT_UNKNOWN', 'data.personId');
  });

  it('refuses a release strictly before the last custody fact, allows one overlapping it', () => {
    const given = [...imprisoned, transferred('ann', '2023-06-15')];
    caseSpec
      .given(given)
      .when(record(released('ann', '2023-06-14')))
      .thenThrows('CASE.DATE_ORDER', 'data.occurredOn');
    caseSpec
      .given(given)
      .when(record(released('ann', '2023-06')))
      .then([released('ann', '2023-06')]);
  });
});

describe('ReleaseRequested: requestId new; a subject', () => {
  it('records a request for a subject', () => {
    caseSpec
      .given(imprisoned)
      .when(record(releaseRequested('r1', 'ann')))
      .then([releaseRequested('r1', 'ann')]);
  });

  it('refuses a requestId already used, even for someone else', () => {
    caseSpec
      .given([...imprisoned, releaseRequested('r1', 'ann')])
      .when(record(releaseRequested('r1', 'ben')))
      .thenThrows('CASE.REQUEST_EXISTS', 'data.requestId');
  });

  it('refuses a request for someone who is not a subject', () => {
    caseSpec
      .given(imprisoned)
      .when(record(releaseRequested('r1', 'cem')))
      .thenThrows('CASE.SUBJECT_UNKNOWN', 'data.personId');
  });
});

describe('ReleaseRequestDecided: an undecided request; not before it', () => {
  const requested = [...imprisoned, releaseRequested('r1', 'ann', '2023-06')];

  it.each(['2023-06', '2023-06-30', '2023', '2023-09-26'])('decides a request made in 2023-06 on %s', (occurredOn) => {
    caseSpec
      .given(requested)
      .when(record(requestDecided('r1', occurredOn)))
      .then([requestDecided('r1', occurredOn)]);
  });

  it('refuses a decision strictly before the request', () => {
    caseSpec
      .given(requested)
      .when(record(requestDecided('r1', '2023-05-31')))
      .thenThrows('CASE.DATE_ORDER', 'data.occurredOn');
  });

  it('refuses a decision on an unknown request', () => {
    caseSpec
      .given(requested)
      .when(record(requestDecided('r2', '2023-07')))
      .thenThrows('CASE.REQUEST_UNKNOWN', 'data.requestId');
  });

  it('refuses a second decision, whatever its outcome', () => {
    caseSpec
      .given([...requested, requestDecided('r1', '2023-07', 'denied')])
      .when(record(requestDecided('r1', '2023-08', 'granted')))
      .thenThrows('CASE.REQUEST_ALREADY_DECIDED', 'data.requestId');
  });

  it('decides a second request for the same person', () => {
    const given = [...requested, requestDecided('r1', '2023-07'), releaseRequested('r2', 'ann', '2023-08')];
    caseSpec
      .given(given)
      .when(record(requestDecided('r2', '2023-09')))
      .then([requestDecided('r2', '2023-09')]);
  });
});
