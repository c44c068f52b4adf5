/**
 * Calendar days as plain integers: whole days since 1970-01-01 in the proleptic Gregorian calendar, with no time zone.
 * Event data records dates, not instants, so a day never shifts with the server's zone; integers keep comparisons and
 * spans trivial and fast. Conversions use Howard Hinnant's days_from_civil / civil_from_days rather than Date objects,
 * because they sit on projection hot paths and Date would drag in time-zone and parsing surprises.
 */

export type Day = number;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MIN_YEAR = 1;
const MAX_YEAR = 9999;
// 400 Gregorian years are exactly 146097 days; 719468 shifts the epoch from 0000-03-01 to 1970-01-01.
const DAYS_PER_ERA = 146097;
const EPOCH_SHIFT = 719468;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`month ${month} of year ${year} does not exist`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Checked so that no caller can smuggle 31 February in and silently get 3 March back. */
export function dayFromCivil(year: number, month: number, day: number): Day {
  if (!Number.isSafeInteger(year) || !Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`${year}-${month}-${day} is not a calendar date`);
  }
  // Counting years from March puts the leap day at the end of the year, so the day-of-year formula needs no branches.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
}

export function civilFromDay(day: Day): CivilDate {
  if (!Number.isSafeInteger(day)) throw new RangeError(`${day} is not a whole day number`);
  const z = day + EPOCH_SHIFT;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const marchMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * marchMonth + 2) / 5) + 1,
  };
}

/** The first and last representable days: the four-digit year format bounds what event data can say. */
export const MIN_DAY: Day = dayFromCivil(MIN_YEAR, 1, 1);
export const MAX_DAY: Day = dayFromCivil(MAX_YEAR, 12, 31);

function quote(text: unknown): string {
  const shown = typeof text === 'string' ? text : String(text);
  return JSON.stringify(shown.length > 40 ? `${shown.slice(0, 40)}…` : shown);
}

export function dayFromIso(text: string): Day {
  const match = typeof text === 'string' ? ISO_DAY.exec(text) : null;
  if (!match) throw new RangeError(`${quote(text)} is not a date: expected YYYY-MM-DD`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR) throw new RangeError(`${text} is not a calendar date: years run from 0001 to 9999`);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`${text} is not a calendar date`);
  }
  return dayFromCivil(year, month, day);
}

export function tryDayFromIso(text: string): Day | undefined {
  try {
    return dayFromIso(text);
  } catch {
    return undefined;
  }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function isoFromDay(day: Day): string {
  const { year, month, day: dayOfMonth } = civilFromDay(day);
  if (year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`day ${day} falls in year ${year}, outside 0001–9999`);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(dayOfMonth, 2)}`;
}

/**
 * Calendar months, clamped to the end of the target month: a follow-up due six months after 31 August falls on the
 * last day of February, never spilling into March the way Date#setUTCMonth would.
 */
export function addMonths(day: Day, months: number): Day {
  if (!Number.isSafeInteger(months)) throw new RangeError(`${months} is not a whole number of months`);
  const start = civilFromDay(day);
  const monthIndex = start.year * 12 + (start.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return dayFromCivil(year, month, Math.min(start.day, daysInMonth(year, month)));
}

// Building a DateTimeFormat costs far more than using one; the cap keeps odd spellings of zones from growing it forever.
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_CACHED_FORMATTERS = 256;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  if (typeof timeZone !== 'string' || timeZone === '') throw new RangeError(`${quote(timeZone)} is not a time zone`);
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    throw new RangeError(`${quote(timeZone)} is not a known IANA time zone`);
  }
  if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
  formatters.set(timeZone, formatter);
  return formatter;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The date a person in `timeZone` would write down at `instant`; the instant is passed in so callers own the clock. */
export function todayIn(timeZone: string, instant: Date): string {
  const formatter = formatterFor(timeZone);
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`${quote(instant)} is not a valid instant`);
  }
  let year = NaN;
  let month = NaN;
  let day = NaN;
  for (const part of formatter.formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  // Round-tripping through the day number validates the parts and applies the 0001–9999 bound in one place.
  return isoFromDay(dayFromCivil(year, month, day));
}
