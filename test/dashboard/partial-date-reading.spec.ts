import { readPartialDate } from '../../src/dashboard/web/forms/partial-date-reading';

describe('readPartialDate: a partial date read back as it is typed', () => {
  it.each([
    ['2019-08/2023-09-26', 'some day from 1 Aug 2019 to 26 Sep 2023'],
    ['2018-10', 'some day from 1 Oct 2018 to 31 Oct 2018'],
    ['2019', 'some day from 1 Jan 2019 to 31 Dec 2019'],
    ['2024-02', 'some day from 1 Feb 2024 to 29 Feb 2024'],
    ['2023-09-26', 'on 26 Sep 2023'],
  ])('%s is %s', (typed, text) => expect(readPartialDate(typed)).toEqual({ ok: true, text }));

  it.each([
    ['2019-13', 'there is no month 13'],
    ['2023-02-30', 'Feb 2023 has no day 30'],
    ['26.09.2023', 'is not YYYY, YYYY-MM or YYYY-MM-DD'],
    ['2023-09/2019', 'The second date comes before the first'],
  ])('%s is not a date: %s', (typed, why) => {
    const reading = readPartialDate(typed);
    expect(reading.ok).toBe(false);
    expect(reading.text).toContain(why);
  });
});
