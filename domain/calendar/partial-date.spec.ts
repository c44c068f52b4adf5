import fc from 'fast-check';
import { dayFromIso, isoFromDay } from './calendar-day';
import {
  addMonthsToPartial,
  certainFullYears,
  certainlyAfter,
  certainlyOnOrBefore,
  compareByFirstDay,
  daysBetween,
  InvalidPartialDateError,
  isDayPrecise,
  isPartialDate,
  parsePartialDate,
  possibleFullYears,
  possiblyOnOrBefore,
  strictlyBefore,
  tryParsePartialDate,
} from './partial-date';

const p = parsePartialDate;
const day = dayFromIso;
const bounds = (text: string) => [isoFromDay(p(text).first), isoFromDay(p(text).last)];

/** Valid single partial dates: a year, a month or a day, with the right number of days per month. */
const singleText = fc
  .record({ year: fc.integer({ min: 1600, max: 2400 }), month: fc.integer({ min: 1, max: 12 }), dayIndex: fc.nat(30) })
  .chain(({ year, month, dayIndex }) => {
    const full = isoFromDay(day(`${year}-${String(month).padStart(2, '0')}-01`) + dayIndex);
    return fc.constantFrom(full.slice(0, 4), full.slice(0, 7), full);
  });
const partialText = fc.oneof(
  singleText,
  fc.tuple(singleText, singleText).map(([a, b]) => (p(a).first <= p(b).last ? `${a}/${b}` : `${b}/${a}`)),
);
const partial = partialText.map(p);
const anyDay = fc.integer({ min: day('1600-01-01'), max: day('2400-12-31') });

describe('parsePartialDate', () => {
  it.each([
    ['2021', '2021-01-01', '2021-12-31'],
    ['2021-09', '2021-09-01', '2021-09-30'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2023-02', '2023-02-01', '2023-02-28'],
    ['2023-09-26', '2023-09-26', '2023-09-26'],
    ['2019-08/2023-09-26', '2019-08-01', '2023-09-26'],
    ['2019/2020', '2019-01-01', '2020-12-31'],
    ['2023-05-20/2023-05', '2023-05-20', '2023-05-31'],
  ])('reads %s as the days %s to %s', (text, first, last) => {
    expect(bounds(text)).toEqual([first, last]);
    expect(p(text).text).toBe(text);
  });

  it.each([
    ['2023-02-30', '2023-02-30 is not a calendar date'],
    ['2021-02-29', '2021-02-29 is not a calendar date'],
    ['2023-13-01', '2023-13-01 is not a calendar date'],
    ['2023-13', '2023-13 is not a calendar month'],
    ['2023-00', '2023-00 is not a calendar month'],
    ['0000', 'years run from 0001 to 9999'],
    ['2023-06/2023-05', 'interval starts after it ends'],
    ['2023-01-02/2023-01-01', 'interval starts after it ends'],
    ['2020/2019-12-31', 'interval starts after it ends'],
    ['../2020', 'open intervals are not supported'],
    ['2020/..', 'open intervals are not supported'],
    ['2020/', 'open intervals are not supported'],
    ['/2020', 'open intervals are not supported'],
    ['', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
    [' 2020', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
    ['2020 ', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
    ['2020 / 2021', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
    ['2023-09-26T10:00', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
    ['2023-09-26T10:00:00Z', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
    ['2023-9-26', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
    ['23', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
    ['2020/2021/2022', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
    ['2020?', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
    ['2020-21', '2020-21 is not a calendar month'],
    ['-2020', 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B'],
  ])('rejects %p: %s', (text, reason) => {
    expect(() => p(text)).toThrow(InvalidPartialDateError);
    expect(() => p(text)).toThrow(RangeError);
    expect(() => p(text)).toThrow(reason);
    expect(tryParsePartialDate(text)).toBeUndefined();
    expect(isPartialDate(text)).toBe(false);
  });

  it('rejects non-strings without throwing from the try/is variants', () => {
    for (const value of [undefined, null, 2020, {}, ['2020']]) {
      expect(tryParsePartialDate(value)).toBeUndefined();
      expect(isPartialDate(value)).toBe(false);
    }
    expect(() => p(2020 as unknown as string)).toThrow(InvalidPartialDateError);
    expect(isPartialDate('2020-02-29')).toBe(true);
  });

  it('keeps the text and orders first ≤ last (property)', () => {
    fc.assert(
      fc.property(partialText, (text) => {
        const parsed = p(text);
        expect(parsed.text).toBe(text);
        expect(parsed.first).toBeLessThanOrEqual(parsed.last);
        expect(isDayPrecise(parsed)).toBe(parsed.first === parsed.last);
      }),
    );
  });

  it('fails on junk only with InvalidPartialDateError (property)', () => {
    const nearMiss = fc
      .array(fc.constantFrom('0', '1', '2', '9', '-', '/', '.', ' ', 'T', ':', 'Z', '?', '~', 'X'), { maxLength: 24 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nearMiss, partialText), (text) => {
        try {
          const parsed = p(text);
          expect(parsed.first).toBeLessThanOrEqual(parsed.last);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidPartialDateError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('spans and ordering', () => {
  it('follows the contract examples', () => {
    expect(daysBetween(p('2021-09'), p('2023-09-26'))).toEqual({ min: 726, max: 755 });
    expect(daysBetween(p('2020-02-28'), p('2021-03-01'))).toEqual({ min: 367, max: 367 });
    expect(daysBetween(p('2020-02-28'), day('2021-03-01'))).toEqual({ min: 367, max: 367 });
    expect(addMonthsToPartial(p('2021-09'), 6)).toEqual({ earliest: '2022-03-01', latest: '2022-03-30' });

    const vague = p('2019-08/2023-09-26');
    expect(certainlyOnOrBefore(vague, day('2022-12-31'))).toBe(false);
    expect(possiblyOnOrBefore(vague, day('2022-12-31'))).toBe(true);
    expect(certainlyAfter(vague, day('2022-12-31'))).toBe(false);
    expect(certainlyAfter(vague, day('2019-07-31'))).toBe(true);
    expect(certainlyOnOrBefore(vague, day('2023-09-26'))).toBe(true);
  });

  it('never reports negative spans', () => {
    expect(daysBetween(p('2023-05-10'), p('2023'))).toEqual({ min: 0, max: 235 });
    expect(daysBetween(p('2023-05-10'), p('2022'))).toEqual({ min: 0, max: 0 });
  });

  it('adds months clamped to month ends', () => {
    expect(addMonthsToPartial(p('2021-08-31'), 6)).toEqual({ earliest: '2022-02-28', latest: '2022-02-28' });
    expect(addMonthsToPartial(p('2023-08-31'), 6)).toEqual({ earliest: '2024-02-29', latest: '2024-02-29' });
    expect(addMonthsToPartial(p('2021-08'), 6)).toEqual({ earliest: '2022-02-01', latest: '2022-02-28' });
    expect(addMonthsToPartial(p('2021'), 12)).toEqual({ earliest: '2022-01-01', latest: '2022-12-31' });
    expect(addMonthsToPartial(p('2020-02-29'), -12)).toEqual({ earliest: '2019-02-28', latest: '2019-02-28' });
  });

  it('flags an order only when the intervals are strictly the wrong way round', () => {
    const conviction = p('2023-05-10');
    expect(strictlyBefore(p('2023'), conviction)).toBe(false);
    expect(strictlyBefore(conviction, p('2023'))).toBe(false);
    expect(strictlyBefore(p('2023-04'), conviction)).toBe(true);
    expect(strictlyBefore(conviction, p('2023-05-11'))).toBe(true);
    expect(strictlyBefore(conviction, conviction)).toBe(false);
  });

  it('counts full years, with 29 February anniversaries on 28 February', () => {
    expect(certainFullYears(p('2020-02-29'), day('2021-02-27'))).toBe(0);
    expect(certainFullYears(p('2020-02-29'), day('2021-02-28'))).toBe(1);
    expect(certainFullYears(p('2020-02-29'), day('2024-02-28'))).toBe(3);
    expect(certainFullYears(p('2020-02-29'), day('2024-02-29'))).toBe(4);
    expect(certainFullYears(p('2021-09'), day('2023-09-26'))).toBe(1);
    expect(possibleFullYears(p('2021-09'), day('2023-09-26'))).toBe(2);
    expect(certainFullYears(p('2021'), day('2023-12-30'))).toBe(1);
    expect(certainFullYears(p('2021'), day('2023-12-31'))).toBe(2);
    expect(certainFullYears(p('2024'), day('2023-12-31'))).toBe(0);
    expect(possibleFullYears(p('2024'), day('2023-12-31'))).toBe(0);
  });

  it('sorts by first day, then last day', () => {
    const sorted = ['2023-05-10', '2023', '2022-12/2023-01', '2023-05'].map(p).sort(compareByFirstDay);
    expect(sorted.map((x) => x.text)).toEqual(['2022-12/2023-01', '2023', '2023-05', '2023-05-10']);
  });
});

describe('properties of spans and ordering', () => {
  it('gives min ≤ max, exact iff both are day-precise when the span is positive', () => {
    fc.assert(
      fc.property(partial, partial, (from, to) => {
        const span = daysBetween(from, to);
        expect(span.min).toBeGreaterThanOrEqual(0);
        expect(span.min).toBeLessThanOrEqual(span.max);
        if (isDayPrecise(from) && isDayPrecise(to)) expect(span.min).toBe(span.max);
        if (span.min > 0) expect(span.min === span.max).toBe(isDayPrecise(from) && isDayPrecise(to));
      }),
    );
    fc.assert(
      fc.property(singleText, singleText, (a, b) => {
        const [from, to] = [p(a), p(b)];
        fc.pre(to.first > from.last);
        const span = daysBetween(from, to);
        expect(span.min === span.max).toBe(isDayPrecise(from) && isDayPrecise(to));
      }),
    );
  });

  it('has certainly-on-or-before imply possibly-on-or-before, and exclude certainly-after', () => {
    fc.assert(
      fc.property(partial, anyDay, (x, d) => {
        if (certainlyOnOrBefore(x, d)) expect(possiblyOnOrBefore(x, d)).toBe(true);
        expect(certainlyAfter(x, d)).toBe(!possiblyOnOrBefore(x, d));
      }),
    );
  });

  it('never has both strictlyBefore(a, b) and strictlyBefore(b, a)', () => {
    fc.assert(fc.property(partial, partial, (a, b) => !(strictlyBefore(a, b) && strictlyBefore(b, a))));
  });

  it('keeps due ranges ordered and full years certain ≤ possible', () => {
    fc.assert(
      fc.property(partial, fc.integer({ min: -120, max: 120 }), anyDay, (x, months, d) => {
        const due = addMonthsToPartial(x, months);
        expect(day(due.earliest)).toBeLessThanOrEqual(day(due.latest));
        const certain = certainFullYears(x, d);
        expect(certain).toBeLessThanOrEqual(possibleFullYears(x, d));
        if (certain > 0) expect(day(addMonthsToPartial(x, 12 * certain).latest)).toBeLessThanOrEqual(d);
        expect(day(addMonthsToPartial(x, 12 * (certain + 1)).latest)).toBeGreaterThan(d);
      }),
    );
  });
});
