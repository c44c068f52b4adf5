import {
  arrested,
  convicted,
  corrected,
  opened,
  opinionAdopted,
  OPINION,
  record,
  released,
  transferred,
} from '../../test/support/case-fixtures';
import { caseSpec, given as fold, withMetadata } from '../../test/support/decider-spec';
import { decide } from './case.decider';
import { CaseRuleViolation } from './case.errors';
import type { CaseEvent } from './case.events';
import type { OpinionRecording } from './opinion-facts';

/** The same opinion as another case records it: WGAD, adopted 31 August 2021, the default follow-up period. */
const elsewhere: OpinionRecording[] = [
  { caseId: 'kz-other-case', record: { mechanism: 'WGAD', occurredOn: '2021-08-31', followUpMonths: 6 } },
];
const recordAgainst = (event: CaseEvent, opinionElsewhere = elsewhere) => ({
  ...record(event),
  metadata: { opinionElsewhere },
});

describe('one opinion, several cases: a new record agrees with the other cases’ records', () => {
  it('given a WGAD record adopted 2021-08-31 elsewhere, refuses one as CCPR, naming the case and the field', () => {
    const asCcpr = opinionAdopted(OPINION, { mechanism: 'CCPR', occurredOn: '2020-01' });
    caseSpec
      .given([opened('ann')])
      .when(recordAgainst(asCcpr))
      .thenThrows('OPINION.CONFLICTING_RECORD', 'data.mechanism');
    let refusal: unknown;
    try {
      decide(withMetadata(recordAgainst(asCcpr)), fold('kz-test-case', [opened('ann')]));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CaseRuleViolation);
    expect((refusal as CaseRuleViolation).message).toBe(
      `${OPINION} is recorded in case kz-other-case with mechanism WGAD, not CCPR; an opinion's mechanism is the ` +
        'same in every case',
    );
  });

  it('refuses another adoption date, and another follow-up period (the default is 6 months)', () => {
    caseSpec
      .given([opened('ann')])
      .when(recordAgainst(opinionAdopted(OPINION, { occurredOn: '2021-09' })))
      .thenThrows('OPINION.CONFLICTING_RECORD', 'data.occurredOn');
    caseSpec
      .given([opened('ann')])
      .when(recordAgainst(opinionAdopted(OPINION, { occurredOn: '2021-08-31', followUpMonths: 12 })))
      .thenThrows('OPINION.CONFLICTING_RECORD', 'data.followUpMonths');
  });

  it('refuses another transmission date, and accepts one where the other case gives none', () => {
    const transmitted = [{ caseId: 'kz-other-case', record: { ...elsewhere[0].record, transmittedOn: '2021-09-30' } }];
    caseSpec
      .given([opened('ann')])
      .when(
        recordAgainst(opinionAdopted(OPINION, { occurredOn: '2021-08-31', transmittedOn: '2021-10-01' }), transmitted),
      )
      .thenThrows('OPINION.CONFLICTING_RECORD', 'data.transmittedOn');
    const agreeing = opinionAdopted(OPINION, { occurredOn: '2021-08-31', transmittedOn: '2021-10-01' });
    caseSpec
      .given([opened('ann')])
      .when(recordAgainst(agreeing))
      .then([agreeing]);
  });

  it('accepts a record that agrees (its calls and people are its own), and any record of another opinion', () => {
    const agreeing = opinionAdopted(OPINION, { occurredOn: '2021-08-31', calls: ['compensation'] });
    caseSpec
      .given([opened('ann')])
      .when(recordAgainst(agreeing))
      .then([agreeing]);
    const other = opinionAdopted('CCPR/C/1/D/2/2020', { mechanism: 'CCPR', occurredOn: '2020-01' });
    caseSpec
      .given([opened('ann')])
      .when(recordAgainst(other, []))
      .then([other]);
  });

  it('accepts a correction of the opinion: the read side reports the disagreement until every case is corrected', () => {
    const fix = corrected(1, opinionAdopted(OPINION, { occurredOn: '2021-09-01' }));
    caseSpec
      .given([opened('ann'), opinionAdopted(OPINION, { occurredOn: '2021-08-31' })])
      .when(recordAgainst(fix))
      .then([fix]);
  });
});

describe('re-detention and the order of custody, as the decider sees them', () => {
  const pardoned = [
    opened('ann'),
    arrested('ann', '2020-03-01'),
    convicted('ann', '2020-09-01'),
    released('ann', '2022-01-10'),
  ];

  it('given a pardon, accepts an arrest again, a conviction again and a later release', () => {
    const again = [...pardoned, arrested('ann', '2022-06-01')];
    caseSpec
      .given(pardoned)
      .when(record(arrested('ann', '2022-06-01')))
      .then([arrested('ann', '2022-06-01')]);
    caseSpec
      .given(again)
      .when(record(convicted('ann', '2022-09-01')))
      .then([convicted('ann', '2022-09-01')]);
    caseSpec
      .given([...again, convicted('ann', '2022-09-01')])
      .when(record(released('ann', '2023-03-01')))
      .then([released('ann', '2023-03-01')]);
  });

  it('refuses a conviction again without the arrest again', () => {
    caseSpec
      .given(pardoned)
      .when(record(convicted('ann', '2022-09-01')))
      .thenThrows('CASE.CUSTODY_TRANSITION');
  });

  it('accepts a certain transfer after a conviction known only as 2018/2021: the order is the recording order', () => {
    const vague = [opened('ann'), arrested('ann', '2018'), convicted('ann', '2018/2021')];
    caseSpec
      .given(vague)
      .when(record(transferred('ann', '2020-05-01')))
      .then([transferred('ann', '2020-05-01')]);
  });
});
