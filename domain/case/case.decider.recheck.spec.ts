import {
  arrested,
  convicted,
  corrected,
  inquirySent,
  measure,
  noResponse,
  opened,
  opinionAdopted,
  record,
  released,
  responseReceived,
  transferred,
} from '../../test/support/case-fixtures';
import { caseSpec, given as fold, withMetadata } from '../../test/support/decider-spec';
import { decide } from './case.decider';
import { CaseRuleViolation } from './case.errors';
import type { CaseEvent } from './case.events';

/** The refusal a command meets on a history, or a failure of the spec when it is accepted. */
function refusalOf(history: CaseEvent[], event: CaseEvent): CaseRuleViolation {
  try {
    decide(withMetadata(record(event)), fold('kz-test-case', history));
  } catch (error) {
    if (error instanceof CaseRuleViolation) return error;
    throw error;
  }
  throw new Error(`${event.type} was accepted`);
}

// revisions:  0             1                           2                                 3
const history = [opened('ann'), arrested('ann', '2018-10'), convicted('ann', '2019-08'), released('ann', '2021-06')];

describe('a correction is accepted only if every later event still keeps the rules', () => {
  it('given a release, when its conviction is moved after it, then it is refused naming the release', () => {
    caseSpec
      .given(history)
      .when(record(corrected(2, convicted('ann', '2022-03'))))
      .thenThrows('CASE.CORRECTION_BREAKS_LATER_EVENT', 'data.replacement');
    expect(refusalOf(history, corrected(2, convicted('ann', '2022-03'))).message).toBe(
      "correcting revision 2 would make revision 3 (PersonReleased) impossible: occurredOn 2021-06 is before ann's " +
        'custody began (2022-03); correct or retract revision 3 first',
    );
  });

  it('is accepted once that later release is corrected first', () => {
    const releaseFixed = [...history, corrected(3, released('ann', '2022-06'))];
    caseSpec
      .given(releaseFixed)
      .when(record(corrected(2, convicted('ann', '2022-03'))))
      .then([corrected(2, convicted('ann', '2022-03'))]);
  });

  it('still re-dates a conviction within what the later release allows', () => {
    caseSpec
      .given(history)
      .when(record(corrected(2, convicted('ann', '2019-08-16'))))
      .then([corrected(2, convicted('ann', '2019-08-16'))]);
  });

  it('refuses replacing a prison sentence by a fine when a transfer rests on it', () => {
    const transfer = [...history.slice(0, 3), transferred('ann', '2020')];
    caseSpec
      .given(transfer)
      .when(record(corrected(2, convicted('ann', '2019-08', 'fine'))))
      .thenThrows('CASE.CORRECTION_BREAKS_LATER_EVENT', 'data.replacement');
    expect(refusalOf(transfer, corrected(2, convicted('ann', '2019-08', 'fine'))).message).toContain(
      'revision 3 (TransferredToRestrictedFreedom) impossible: ann is released, not imprisoned',
    );
  });

  it('refuses retracting what a later event rests on, naming it (an inquiry and its answer)', () => {
    const asked = [opened('ann'), inquirySent('q1', '2023-09-15'), noResponse('q1', '2023-09-20')];
    caseSpec
      .given(asked)
      .when(record(corrected(1)))
      .thenThrows('CASE.CORRECTION_BREAKS_LATER_EVENT', 'data.revision');
    expect(refusalOf(asked, corrected(1)).message).toContain('revision 2 (NoResponseRecorded) impossible');
  });

  it('refuses moving an inquiry after the answer that follows it', () => {
    const answered = [opened('ann'), inquirySent('q1', '2023-09-15'), responseReceived('q1', '2023-09-20')];
    caseSpec
      .given(answered)
      .when(record(corrected(1, inquirySent('q1', '2023-09-22'))))
      .thenThrows('CASE.CORRECTION_BREAKS_LATER_EVENT', 'data.replacement');
  });

  it('refuses retracting an opinion a later measure is recorded for, accepts it once the measure is retracted', () => {
    const measured = [opened('ann'), opinionAdopted(), measure()];
    caseSpec
      .given(measured)
      .when(record(corrected(1)))
      .thenThrows('CASE.CORRECTION_BREAKS_LATER_EVENT', 'data.revision');
    caseSpec
      .given([...measured, corrected(2)])
      .when(record(corrected(1)))
      .then([corrected(1)]);
  });

  it('judges later events of other people, opinions and inquiries as before: they read nothing it changes', () => {
    const two = [opened('ann', 'ben'), arrested('ann', '2018-10'), arrested('ben', '2018-10'), released('ben', '2019')];
    caseSpec
      .given(two)
      .when(record(corrected(1, arrested('ann', '2020'))))
      .then([corrected(1, arrested('ann', '2020'))]);
  });

  it('refuses a replacement dated before the arrest that precedes it, judged in its place', () => {
    caseSpec
      .given(history)
      .when(record(corrected(2, convicted('ann', '2018-09'))))
      .thenThrows('CASE.DATE_ORDER', 'data.occurredOn');
  });
});
