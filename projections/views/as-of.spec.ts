import { InvalidPartialDateError } from '../../domain/calendar/partial-date';
import { certainlyBy, dateOf, earlier, followUpDueOn, later, longest, possiblyBy, spanOf } from './as-of';
import { day } from './case-files.fixture';

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
});
