import type { CaseEvent } from '../../domain/case/case.events';
import { day, exampleFiles, fold, given } from './case-files.fixture';
import { countryViews } from './country.view';

describe('countryViews on the worked example', () => {
  it('shows KZ with one opinion, not implemented, graded D, and four unanswered inquiries', () => {
    expect(countryViews(exampleFiles(), day('2023-09-26'))).toEqual([
      {
        country: 'KZ',
        opinions: 1,
        implemented: 0,
        partiallyImplemented: 0,
        notImplemented: 1,
        grades: { A: 0, B: 0, C: 0, D: 1, E: 0 },
        medianDaysOutstanding: { min: 726, max: 755 },
        unansweredInquiries: 4,
      },
    ]);
  });

  it('has no inquiry yet on 31 December 2022, when the follow-up was already overdue', () => {
    expect(countryViews(exampleFiles(), day('2022-12-31'))[0]).toMatchObject({
      grades: { D: 1 },
      unansweredInquiries: 0,
    });
  });
});

describe('countryViews', () => {
  const jailed = (country: string, ...events: CaseEvent[]): CaseEvent[] => [
    given.opened(country, 'a', 'b'),
    given.arrested('2021-01-05', 'a', 'b'),
    ...events,
  ];

  it('counts an opinion in cases of two countries in both, and in two cases of one country once', () => {
    const files = [
      fold('kz-1', jailed('KZ', given.opinion('OP/1', '2022-01-10', ['release']))),
      fold('kz-2', jailed('KZ', given.opinion('OP/1', '2022-01-10', ['release']))),
      fold('uz-1', jailed('UZ', given.opinion('OP/1', '2022-01-10', ['release']))),
    ];
    expect(countryViews(files, day('2022-03-01')).map((v) => [v.country, v.opinions, v.notImplemented])).toEqual([
      ['KZ', 1, 1],
      ['UZ', 1, 1],
    ]);
  });

  it('counts statuses and grades, and takes medians over the calls not implemented', () => {
    const file = fold(
      'kz-1',
      jailed(
        'KZ',
        given.opinion('OP/1', '2022-01-10', ['release', 'compensation']),
        given.opinion('OP/2', '2022-02', ['release']),
        given.opinion('OP/3', '2022-03-01', ['release', 'investigation']),
        given.opinion('OP/4', '2022-03-02', ['investigation']),
        given.measure('OP/1', 'compensation', '2022-04-01', 'full'),
        given.measure('OP/4', 'investigation', '2022-04-01', 'full'),
        given.replied('OP/3', '2022-04-01'),
      ),
    );
    const [kz] = countryViews([file], day('2022-12-31'));
    expect(kz).toMatchObject({
      opinions: 4,
      implemented: 1,
      partiallyImplemented: 1,
      notImplemented: 2,
      grades: { A: 1, B: 1, C: 1, D: 1, E: 0 },
      unansweredInquiries: 0,
    });
    // Outstanding: OP/1 release 355, OP/2 release 306..333, OP/3 release and investigation 305 each.
    expect(kz.medianDaysOutstanding).toEqual({ min: (305 + 306) / 2, max: (305 + 333) / 2 });
  });

  it('takes the middle two halfway with an even number of calls outstanding', () => {
    const file = fold(
      'kz-1',
      jailed('KZ', given.opinion('OP/1', '2022-12-01', ['release']), given.opinion('OP/2', '2022-12-04', ['release'])),
    );
    expect(countryViews([file], day('2022-12-31'))[0].medianDaysOutstanding).toEqual({ min: 28.5, max: 28.5 });
  });

  it('lists every country with a case, with no median when nothing is outstanding', () => {
    const files = [fold('fr-1', jailed('FR')), fold('by-1', jailed('BY', given.inquiry('q1', 'KGB', '2022-06-01')))];
    expect(countryViews(files, day('2022-12-31'))).toEqual([
      {
        country: 'BY',
        opinions: 0,
        implemented: 0,
        partiallyImplemented: 0,
        notImplemented: 0,
        grades: { A: 0, B: 0, C: 0, D: 0, E: 0 },
        medianDaysOutstanding: null,
        unansweredInquiries: 1,
      },
      expect.objectContaining({ country: 'FR', unansweredInquiries: 0, medianDaysOutstanding: null }),
    ]);
  });
});
