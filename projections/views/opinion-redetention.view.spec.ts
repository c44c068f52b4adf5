import type { CaseEvent } from '../../domain/case/case.events';
import { alertsDue } from '../alerts/alert-rules';
import { caseView } from './case.view';
import { day, fold, given, OP, opinionAsOf as viewOf } from './case-files.fixture';
import { countryViews } from './country.view';

/** Someone jailed in 2020, an opinion of 1 September 2021 calling for their release only. */
const held: CaseEvent[] = [
  given.opened('KZ', 'a'),
  given.arrested('2020-03-01', 'a'),
  given.convicted('a', '2020-09-01'),
  given.opinion(OP, '2021-09-01', ['release']),
];
const pardoned = [...held, given.released('a', '2022-01-10', 'pardon')];
/** Pardoned on 2022-01-10, arrested again on 2022-06-01, convicted again on 2022-09-01. */
const again = [...pardoned, given.arrested('2022-06-01', 'a'), given.convicted('a', '2022-09-01')];
const releaseCall = (events: CaseEvent[], asOf: string) => viewOf(events, asOf).calls[0];

describe('re-detention undoes a release (given a release, when the person is arrested again, then)', () => {
  it('the release call reads implemented, grade A, while the person stays free', () => {
    expect(viewOf(again, '2022-05-31')).toMatchObject({ status: 'implemented', grade: 'A' });
    expect(releaseCall(again, '2022-05-31')).toEqual({
      call: 'release',
      status: 'implemented',
      implementedOn: '2022-01-10',
    });
  });

  it('from the arrest, the call is not implemented, days outstanding count again, and the grade is E', () => {
    expect(viewOf(again, '2022-06-01')).toMatchObject({
      status: 'not_implemented',
      grade: 'E',
      custody: { detained: 1, released: 0 },
    });
    expect(releaseCall(again, '2022-06-01')).toEqual({
      call: 'release',
      status: 'not_implemented',
      daysOutstanding: { min: 273, max: 273 },
    });
  });

  it('as of 2023 (after the second conviction): not implemented, grade E, imprisoned', () => {
    expect(viewOf(again, '2023-09-26')).toMatchObject({
      status: 'not_implemented',
      grade: 'E',
      custody: { imprisoned: 1 },
    });
  });

  it('a later release restores the call, dated by that release, and the grade is A again', () => {
    const restored = [...again, given.released('a', '2023-03-01', 'acquittal')];
    expect(viewOf(restored, '2023-02-28')).toMatchObject({ status: 'not_implemented', grade: 'E' });
    expect(viewOf(restored, '2023-03-01')).toMatchObject({ status: 'implemented', grade: 'A' });
    expect(releaseCall(restored, '2023-03-01').implementedOn).toBe('2023-03-01');
  });

  it('a later release at the end of the new sentence does not restore it: the state did nothing for the opinion', () => {
    const served = [...again, given.released('a', '2023-03-01', 'sentence_completed')];
    expect(viewOf(served, '2023-09-26')).toMatchObject({ status: 'not_implemented', grade: 'E' });
  });

  it('a re-arrest with no conviction yet is contrary too; one of someone never released is not', () => {
    const arrestedAgain = [...pardoned, given.arrested('2022-06-01', 'a')];
    expect(viewOf(arrestedAgain, '2022-12-01')).toMatchObject({ status: 'not_implemented', grade: 'E' });
    const stillHeld = [...held, given.arrested('2022-06-01', 'a')];
    expect(viewOf(stillHeld, '2022-12-01')).toMatchObject({ status: 'not_implemented', grade: 'D' });
  });

  it('a release and re-detention both before the adoption: not implemented, but not E', () => {
    const before = [
      given.opened('KZ', 'a'),
      given.arrested('2020-03-01', 'a'),
      given.convicted('a', '2020-09-01'),
      given.released('a', '2021-01-10', 'pardon'),
      given.arrested('2021-03-01', 'a'),
      given.convicted('a', '2021-06-01'),
      given.opinion(OP, '2021-09-01', ['release']),
    ];
    expect(viewOf(before, '2022-06-01')).toMatchObject({ status: 'not_implemented', grade: 'D' });
  });

  it('with two people covered, one re-detained and one free: partially implemented, E', () => {
    const two = [
      given.opened('KZ', 'a', 'b'),
      given.arrested('2020-03-01', 'a', 'b'),
      given.opinion(OP, '2021-09-01', ['release']),
      given.released('a', '2022-01-10', 'pardon'),
      given.released('b', '2022-01-10', 'pardon'),
      given.arrested('2022-06-01', 'a'),
    ];
    expect(viewOf(two, '2022-07-01')).toMatchObject({ status: 'partially_implemented', grade: 'E' });
  });

  it('a release with a vague date, certainly followed by the arrest, is undone by it (certainty follows order)', () => {
    const vague = [...held, given.released('a', '2021-10/2022-06'), given.arrested('2022-06-01', 'a')];
    expect(viewOf(vague, '2022-05-31')).toMatchObject({ status: 'not_implemented', grade: 'D' });
    expect(viewOf(vague, '2022-06-01')).toMatchObject({ status: 'not_implemented', grade: 'E' });
  });

  it('counts in the country figures and raises the anniversary alert the release had kept away', () => {
    const grades = (events: CaseEvent[]) => countryViews([fold('c1', events)], day('2022-09-02'))[0].grades;
    expect(grades(pardoned)).toMatchObject({ A: 1, E: 0 });
    expect(grades(again)).toMatchObject({ A: 0, E: 1 });
    const ids = (events: CaseEvent[]) =>
      alertsDue(fold('c1', events), day('2022-09-02'), { inquiryResponseDays: 10 }).map((a) => a.rule);
    expect(ids(pardoned)).toEqual([]);
    expect(ids(again)).toEqual(['opinion.follow_up_overdue', 'opinion.unimplemented_anniversary']);
  });

  it('the case page shows the person detained again', () => {
    expect(caseView(fold('c1', again), day('2022-07-01')).subjects).toEqual([
      { personId: 'a', name: 'A', custody: 'detained' },
    ]);
  });
});
