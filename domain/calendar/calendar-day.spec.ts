import fc from 'fast-check';
import {
  addMonths,
  civilFromDay,
  dayFromCivil,
  dayFromIso,
  daysInMonth,
  isLeapYear,
  isoFromDay,
  isValidTimeZone,
  MAX_DAY,
  MIN_DAY,
  todayIn,
  tryDayFromIso,
} from './calendar-day';

const MS_PER_DAY = 86_400_000;
// Date.UTC is the independent reference; years 1600–2400 cover several 400-year cycles around the epoch.
const referenceDay = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / MS_PER_DAY;
const referenceIso = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
const FIRST_1600 = referenceDay(1600, 1, 1);
const LAST_2400 = referenceDay(2400, 12, 31);

/** Naive clamp via Date.UTC, which handles month overflow itself. */
function referenceAddMonths(day: number, months: number): number {
  const start = new Date(day * MS_PER_DAY);
  const target = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1);
  const targetDate = new Date(target);
  const lastDay = new Date(Date.UTC(targetDate.getUTCFullYear(), targetDate.getUTCMonth() + 1, 0)).getUTCDate();
  return target / MS_PER_DAY + Math.min(start.getUTCDate(), lastDay) - 1;
}

const iso = (text: string) => dayFromIso(text);

describe('calendar days', () => {
  it('counts from 1970-01-01', () => {
    expect(dayFromIso('1970-01-01')).toBe(0);
    expect(dayFromIso('1970-01-02')).toBe(1);
    expect(dayFromIso('1969-12-31')).toBe(-1);
    expect(dayFromIso('2000-03-01')).toBe(11017);
    expect(isoFromDay(0)).toBe('1970-01-01');
    expect(isoFromDay(MIN_DAY)).toBe('0001-01-01');
    expect(isoFromDay(MAX_DAY)).toBe('9999-12-31');
  });

  it('knows the Gregorian leap years', () => {
    expect([1900, 2000, 2020, 2021, 2024, 2100, 2400].map(isLeapYear)).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
      true,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(() => daysInMonth(2023, 13)).toThrow(RangeError);
    expect(() => daysInMonth(2023, 0)).toThrow(RangeError);
  });

  it.each([
    '2023-02-30',
    '2023-13-01',
    '2021-02-29',
    '1900-02-29',
    '2023-04-31',
    '2023-00-10',
    '2023-01-00',
    '0000-01-01',
  ])('rejects the non-date %s with a RangeError naming it', (text) => {
    expect(() => dayFromIso(text)).toThrow(RangeError);
    expect(() => dayFromIso(text)).toThrow(`${text} is not a calendar date`);
    expect(tryDayFromIso(text)).toBeUndefined();
  });

  it.each(['2023-2-3', '2023-02-03T00:00', ' 2023-02-03', '2023-02-03 ', '20230203', '+02023-02-03', '2023', ''])(
    'rejects the malformed %p',
    (text) => {
      expect(() => dayFromIso(text)).toThrow(/expected YYYY-MM-DD/);
      expect(tryDayFromIso(text)).toBeUndefined();
    },
  );

  it('accepts leap days in leap years', () => {
    expect(isoFromDay(dayFromIso('2024-02-29'))).toBe('2024-02-29');
    expect(isoFromDay(dayFromIso('2000-02-29'))).toBe('2000-02-29');
    expect(tryDayFromIso('2020-02-29')).toBe(referenceDay(2020, 2, 29));
  });

  it('refuses days it cannot write as four-digit years', () => {
    expect(() => isoFromDay(MIN_DAY - 1)).toThrow(RangeError);
    expect(() => isoFromDay(MAX_DAY + 1)).toThrow(RangeError);
    expect(() => isoFromDay(0.5)).toThrow(RangeError);
    expect(() => dayFromCivil(2023, 2, 29)).toThrow(RangeError);
  });

  it('round-trips every day of 1600–2400 against Date.UTC', () => {
    for (let day = FIRST_1600; day <= LAST_2400; day++) {
      const text = referenceIso(day);
      if (isoFromDay(day) !== text || dayFromIso(text) !== day) throw new Error(`mismatch on ${text} (${day})`);
    }
  });

  it('round-trips random days and civil dates (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_1600, max: LAST_2400 }), (day) => {
        const text = isoFromDay(day);
        expect(text).toBe(referenceIso(day));
        expect(dayFromIso(text)).toBe(day);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: MIN_DAY, max: MAX_DAY }), (day) => {
        const { year, month, day: dayOfMonth } = civilFromDay(day);
        expect(dayFromCivil(year, month, dayOfMonth)).toBe(day);
        expect(dayFromIso(isoFromDay(day))).toBe(day);
      }),
    );
  });
});

describe('addMonths', () => {
  it.each([
    ['2021-08-31', 6, '2022-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2020-02-29', 12, '2021-02-28'],
    ['2020-02-29', 48, '2024-02-29'],
    ['2021-01-31', 1, '2021-02-28'],
    ['2021-03-31', -1, '2021-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2021-05-31', 1, '2021-06-30'],
    ['2021-09-15', 6, '2022-03-15'],
    ['2021-12-15', 1, '2022-01-15'],
    ['2022-01-15', -1, '2021-12-15'],
    ['2022-01-15', -25, '2019-12-15'],
    ['2022-01-15', 0, '2022-01-15'],
  ])('%s + %d months = %s', (from, months, expected) => {
    expect(isoFromDay(addMonths(iso(from), months))).toBe(expected);
  });

  it('rejects fractional months', () => {
    expect(() => addMonths(0, 1.5)).toThrow(RangeError);
  });

  const days = fc.integer({ min: FIRST_1600, max: LAST_2400 });
  const months = fc.integer({ min: -1200, max: 1200 });

  it('agrees with a naive Date.UTC clamp (property)', () => {
    fc.assert(fc.property(days, months, (day, n) => addMonths(day, n) === referenceAddMonths(day, n)));
  });

  it('lands inside the target month, on or before its last day (property)', () => {
    fc.assert(
      fc.property(days, months, (day, n) => {
        const start = civilFromDay(day);
        const result = civilFromDay(addMonths(day, n));
        const expectedIndex = start.year * 12 + start.month - 1 + n;
        expect(result.year * 12 + result.month - 1).toBe(expectedIndex);
        expect(result.day).toBeLessThanOrEqual(daysInMonth(result.year, result.month));
        expect(result.day).toBeLessThanOrEqual(start.day);
        if (result.day < start.day) expect(result.day).toBe(daysInMonth(result.year, result.month));
      }),
    );
  });
});

describe('todayIn', () => {
  it.each([
    ['UTC', '2023-09-26T23:30:00Z', '2023-09-26'],
    ['Europe/Berlin', '2023-09-26T23:30:00Z', '2023-09-27'],
    ['Europe/Berlin', '2023-09-26T21:59:59Z', '2023-09-26'],
    ['Europe/Berlin', '2023-12-31T23:00:00Z', '2024-01-01'],
    ['America/Los_Angeles', '2023-09-26T03:00:00Z', '2023-09-25'],
    ['Pacific/Kiritimati', '2023-12-31T10:00:00Z', '2024-01-01'],
    ['Asia/Kolkata', '2024-02-28T18:30:00Z', '2024-02-29'],
  ])('in %s at %s it is %s', (zone, instant, expected) => {
    expect(todayIn(zone, new Date(instant))).toBe(expected);
  });

  it('throws a RangeError for unknown zones and invalid instants', () => {
    expect(() => todayIn('Mars/Olympus_Mons', new Date(0))).toThrow(RangeError);
    expect(() => todayIn('', new Date(0))).toThrow(RangeError);
    expect(() => todayIn('UTC', new Date(NaN))).toThrow(RangeError);
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('Europe/Zurich')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(42 as unknown as string)).toBe(false);
  });

  it('matches the UTC date of the instant in UTC (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_1600 * MS_PER_DAY, max: LAST_2400 * MS_PER_DAY }), (ms) => {
        expect(todayIn('UTC', new Date(ms))).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
    );
  });
});
