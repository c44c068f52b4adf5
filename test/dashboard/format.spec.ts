import {
  dayNumber,
  dayRange,
  dueRange,
  fullDate,
  isoOfDay,
  label,
  partialDate,
  timestamp,
} from '../../src/dashboard/web/format';

describe('dashboard formatting', () => {
  it('shows a day range as a range, and an exact span as one number', () => {
    expect(dayRange({ min: 726, max: 755 })).toBe('726–755 days');
    expect(dayRange({ min: 367, max: 367 })).toBe('367 days');
    expect(dayRange({ min: 1, max: 1 })).toBe('1 day');
    expect(dayRange({ min: 0, max: 29 })).toBe('0–29 days');
    expect(dayRange({ min: 726.5, max: 755 })).toBe('726.5–755 days');
  });

  it('shows a due range by what its ends share', () => {
    expect(dueRange({ earliest: '2022-03-01', latest: '2022-03-30' })).toBe('1–30 Mar 2022');
    expect(dueRange({ earliest: '2022-02-28', latest: '2022-03-03' })).toBe('28 Feb – 3 Mar 2022');
    expect(dueRange({ earliest: '2021-12-15', latest: '2022-01-14' })).toBe('15 Dec 2021 – 14 Jan 2022');
    expect(dueRange({ earliest: '2022-03-01', latest: '2022-03-01' })).toBe('1 Mar 2022');
  });

  it('keeps a partial date at the precision it was recorded with', () => {
    expect(partialDate('2021')).toBe('2021');
    expect(partialDate('2021-09')).toBe('Sep 2021');
    expect(partialDate('2023-09-26')).toBe('26 Sep 2023');
    expect(partialDate('2019-09/2023-09-26')).toBe('Sep 2019 – 26 Sep 2023');
    expect(fullDate('2020-02-29')).toBe('29 Feb 2020');
  });

  it('counts calendar days without time zones', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2023-09-26') - dayNumber('2021-09-01')).toBe(755);
    expect(isoOfDay(dayNumber('2024-02-29'))).toBe('2024-02-29');
  });

  it('reads codes and timestamps as words', () => {
    expect(label('partially_implemented')).toBe('partially implemented');
    expect(timestamp('2023-09-26T14:03:09.123Z')).toBe('26 Sep 2023, 14:03 UTC');
    expect(timestamp('not a time')).toBe('not a time');
  });
});
