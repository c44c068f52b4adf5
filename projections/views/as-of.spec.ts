import { InvalidPartialDateError } from '../../domain/calendar/partial-date';
import {
  caseAsOf,
  certainlyBy,
  dateOf,
  earlier,
  followUpDueOn,
  later,
  longest,
  possiblyBy,
  spanOf,
  unansweredInquiries,
} from './as-of';
import { day, exampleFiles, fold, given, jailed } from './case-files.fixture';

describe('dates as of a day', () => {
  it('parses each partial date once and hands back the same value after', () => {
    expect(dateOf('2021-09')).toBe(dateOf('2021-09'));
    expect(() => dateOf('2021-13')).toThrow(InvalidPartialDateError);
  });

  it('counts a fact certainly by a day only when its last possible day is on or before it', () => {
    expect(certainlyBy('2023-09', day('2023-09-29'))).toBe(false);
    expect(certainlyBy('2023-09', day('2023-09-30'))).toBe(true);
    expect(possiblyBy('2023-09', day('2023-08-31'))).toBe(false);
    expect(possiblyBy('2023-09', day('2023-09-01'))).toBe(true);
  });

  it('compares a full date with a day as that day, across months, years and leap days', () => {
    const texts = ['0001-01-01', '1999-12-31', '2000-01-01', '2024-02-28', '2024-02-29', '2024-03-01', '9999-12-31'];
    for (const text of texts) {
      for (const offset of [-366, -1, 0, 1, 366]) {
        const asOf = dateOf(text).first + offset;
        expect(certainlyBy(text, asOf)).toBe(offset >= 0);
        expect(possiblyBy(text, asOf)).toBe(offset >= 0);
      }
    }
  });

  it('counts everything when no day is given', () => {
    expect(certainlyBy('9999', undefined)).toBe(true);
    expect(possiblyBy('9999', undefined)).toBe(true);
  });

  it('gives a partial date as a span of ISO days for drawing', () => {
    expect(spanOf('2024-02')).toEqual({ text: '2024-02', first: '2024-02-01', last: '2024-02-29' });
  });

  it('picks the earlier by first then last day, and the later as the one that may have come last', () => {
    expect(earlier(dateOf('2022-10'), dateOf('2022-10-01')).text).toBe('2022-10-01');
    expect(earlier(dateOf('2022-10-02'), dateOf('2022-10')).text).toBe('2022-10');
    expect(later(dateOf('2022-10'), dateOf('2022-10-20')).text).toBe('2022-10');
    expect(later(dateOf('2022-10-20'), dateOf('2022-10')).text).toBe('2022-10');
    expect(later(dateOf('2022-10-31'), dateOf('2022-10')).text).toBe('2022-10-31');
  });

  it('takes the longest of several waits bound by bound', () => {
    expect(longest(null, { min: 3, max: 5 })).toEqual({ min: 3, max: 5 });
    expect(longest({ min: 3, max: 40 }, { min: 10, max: 10 })).toEqual({ min: 10, max: 40 });
  });

  it('is due followUpMonths after transmission, or adoption, clamped to the end of the month', () => {
    expect(followUpDueOn({ occurredOn: '2021-08-31', followUpMonths: 6 })).toEqual({
      earliest: '2022-02-28',
      latest: '2022-02-28',
    });
    expect(followUpDueOn({ occurredOn: '2021-08', transmittedOn: '2021-10-05', followUpMonths: 3 })).toEqual({
      earliest: '2022-01-05',
      latest: '2022-01-05',
    });
  });

  describe('unanswered inquiries, counted without the state of each', () => {
    const unansweredOf = (file: ReturnType<typeof fold>, asOf?: string) =>
      caseAsOf(file, asOf === undefined ? undefined : day(asOf)).inquiries.filter((i) => !i.answered).length;
    const asked = fold('by-1', [
      ...jailed,
      given.inquiry('q1', 'KGB', '2022-06-01'),
      given.inquiry('q2', 'Prosecutor', '2022-07'),
      given.response('q1', '2022-08'),
      // An outcome certainly recorded proves the inquiry was sent, whatever the inquiry's own date says.
      given.noResponse('q3-late', '2022-09-15'),
      given.inquiry('q3-late', 'Ministry', '2022'),
    ]);
    const days = ['2022-05-31', '2022-06-01', '2022-07-30', '2022-07-31', '2022-08-30', '2022-08-31', '2022-09-15'];

    it('agrees with the inquiries read as of each day, before, during and after uncertain dates', () => {
      expect(days.map((d) => unansweredInquiries(asked, day(d)))).toEqual([0, 1, 1, 2, 2, 1, 2]);
      for (const d of [...days, '2022-12-31']) expect(unansweredInquiries(asked, day(d))).toBe(unansweredOf(asked, d));
      expect(unansweredInquiries(asked, undefined)).toBe(unansweredOf(asked));
    });

    it('agrees on the worked example every week of 2023', () => {
      for (const file of exampleFiles()) {
        for (let d = day('2023-01-01'); d <= day('2023-12-31'); d += 7) {
          expect(unansweredInquiries(file, d)).toBe(caseAsOf(file, d).inquiries.filter((i) => !i.answered).length);
        }
      }
    });
  });
});
