import type { CaseEvent } from '../../domain/case/case.events';
import { alertsDue, casesByOpinion } from '../alerts/alert-rules';
import { alertViews, alertsProjection, type AlertView } from '../alerts/alerts.projection';
import type { CaseFile } from '../../domain/case/case-file';
import { conflictsOf, disagreements } from '../../domain/case/opinion-facts';
import { day, fold, given } from './case-files.fixture';
import { opinionView } from './opinion.view';

const OP = 'A/HRC/WGAD/2021/33';
const jailed = (country: string, ...events: CaseEvent[]): CaseEvent[] => [
  given.opened(country, 'a'),
  given.arrested('2019-03-01', 'a'),
  ...events,
];
/** The same opinion in two cases: as WGAD adopted 2021-08-31 in one, as CCPR adopted 2020-01 in the other. */
const disagreeing = (): CaseFile[] => [
  fold('kz-1', jailed('KZ', given.opinion(OP, '2021-08-31', ['release']))),
  fold('uz-1', jailed('UZ', given.opinion(OP, '2020-01', ['compensation'], { mechanism: 'CCPR' }))),
];

describe('one opinion, several cases: records that disagree are listed, not merged silently', () => {
  it('given two cases that disagree on mechanism and adoption, the view lists both values with their cases', () => {
    const view = opinionView(OP, disagreeing(), day('2023-09-26'));
    expect(view?.conflicts).toEqual([
      {
        field: 'mechanism',
        values: [
          { value: 'WGAD', caseIds: ['kz-1'] },
          { value: 'CCPR', caseIds: ['uz-1'] },
        ],
      },
      {
        field: 'occurredOn',
        values: [
          { value: '2021-08-31', caseIds: ['kz-1'] },
          { value: '2020-01', caseIds: ['uz-1'] },
        ],
      },
    ]);
    // The figures still come from the first case; the calls are the union, as before.
    expect(view).toMatchObject({ mechanism: 'WGAD', occurredOn: '2021-08-31', calls: [{ call: 'release' }, {}] });
  });

  it('given records that agree, or leave the transmission date unknown, there is no conflict', () => {
    const files = [
      fold('kz-1', jailed('KZ', given.opinion(OP, '2021-09', ['release'], { transmittedOn: '2021-10-05' }))),
      fold('kz-2', jailed('KZ', given.opinion(OP, '2021-09', ['compensation']))),
    ];
    expect(opinionView(OP, files, day('2023-09-26'))?.conflicts).toEqual([]);
  });

  it('compares the transmission date and the follow-up period too (a default period is 6 months)', () => {
    const a = { mechanism: 'WGAD' as const, occurredOn: '2021-09', followUpMonths: 6 };
    expect(disagreements(a, { ...a, transmittedOn: '2021-10-05' })).toEqual([]);
    expect(disagreements({ ...a, transmittedOn: '2021-10-04' }, { ...a, transmittedOn: '2021-10-05' })).toEqual([
      'transmittedOn',
    ]);
    expect(disagreements(a, { ...a, followUpMonths: 12 })).toEqual(['followUpMonths']);
    expect(disagreements(a, { ...a, occurredOn: '2021-09-01' })).toEqual(['occurredOn']);
    const files = [
      fold('kz-1', jailed('KZ', given.opinion(OP, '2021-09', ['release']))),
      fold('kz-2', jailed('KZ', given.opinion(OP, '2021-09', ['release'], { followUpMonths: 12 }))),
      fold('kz-3', jailed('KZ', given.opinion(OP, '2021-09', ['release'], { followUpMonths: 6 }))),
    ];
    expect(opinionView(OP, files, day('2023-09-26'))?.conflicts).toEqual([
      {
        field: 'followUpMonths',
        values: [
          { value: 6, caseIds: ['kz-1', 'kz-3'] },
          { value: 12, caseIds: ['kz-2'] },
        ],
      },
    ]);
  });

  it('a single record never conflicts', () => {
    expect(
      conflictsOf([{ caseId: 'kz-1', record: { mechanism: 'WGAD', occurredOn: '2021', followUpMonths: 6 } }]),
    ).toEqual([]);
  });
});

describe('the opinion.conflicting_records alert', () => {
  const judge = (files: CaseFile[], asOf = '2023-09-26') => {
    const casesRecording = casesByOpinion(files);
    return files.flatMap((file) =>
      alertsDue(file, day(asOf), { inquiryResponseDays: 10, casesRecording }).filter(
        (a) => a.rule === 'opinion.conflicting_records',
      ),
    );
  };

  it('is due for the opinion, with the same id and data whichever of its cases is judged', () => {
    const [fromFirst, fromSecond] = judge(disagreeing());
    expect(fromFirst).toEqual(fromSecond);
    expect(fromFirst).toEqual({
      rule: 'opinion.conflicting_records',
      alertId: `opinion.conflicting_records:${OP}`,
      caseId: 'kz-1',
      country: 'KZ',
      asOf: '2023-09-26',
      opinionId: OP,
      caseIds: ['kz-1', 'uz-1'],
      conflicts: [expect.objectContaining({ field: 'mechanism' }), expect.objectContaining({ field: 'occurredOn' })],
    });
  });

  it('is due even before the adoption may have happened: the records disagree whatever the day', () => {
    expect(judge(disagreeing(), '2019-06-01')).toHaveLength(2);
  });

  it('is not due when the records agree, or for an opinion recorded in one case', () => {
    const agreeing = [
      fold('kz-1', jailed('KZ', given.opinion(OP, '2021-09', ['release']))),
      fold('kz-2', jailed('KZ', given.opinion(OP, '2021-09', ['release']))),
    ];
    expect(judge(agreeing)).toEqual([]);
    expect(judge([disagreeing()[0]])).toEqual([]);
  });

  it('is found by GET /alerts under each of its cases and its opinion', () => {
    const [raised] = judge(disagreeing());
    const view = { ...raised, revision: 0, raisedAt: '2023-09-26T00:00:00.000Z' } as AlertView;
    const summary = alertsProjection.summarize!(view);
    expect(alertsProjection.lookups!(summary)).toEqual(
      expect.arrayContaining(['case:kz-1', 'case:uz-1', `opinion:${OP}`]),
    );
    expect(alertViews([summary], { caseId: 'uz-1' })).toHaveLength(1);
    expect(alertViews([summary], { caseId: 'kz-2' })).toHaveLength(0);
  });
});
