/**
 * EDTF level-0 partial dates (YYYY, YYYY-MM, YYYY-MM-DD, or A/B of two of them) read as intervals of whole days.
 * Sources often know only the month or year something happened, and inventing a day (the 1st, the 15th) would make
 * derived spans and deadlines look more certain than they are; so every question about a partial date answers either
 * with a range or with "certainly" / "possibly".
 */
import { addMonths, civilFromDay, Day, dayFromCivil, daysInMonth, isoFromDay } from './calendar-day';

export interface PartialDate {
  readonly text: string;
  readonly first: Day;
  readonly last: Day;
}

/** A span in whole days; exact only when min === max. */
export interface DayRange {
  min: number;
  max: number;
}

/** The earliest and latest possible due day, as ISO YYYY-MM-DD. */
export interface DueRange {
  earliest: string;
  latest: string;
}

const FORMAT_HINT = 'expected YYYY, YYYY-MM, YYYY-MM-DD or A/B';
const SINGLE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export class InvalidPartialDateError extends RangeError {
  override readonly name = 'InvalidPartialDateError';

  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`invalid partial date ${JSON.stringify(input)}: ${reason}`);
  }
}

function shorten(text: unknown): string {
  const shown = typeof text === 'string' ? text : String(text);
  return shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
}

function parseSingle(text: string, whole: string): { first: Day; last: Day } {
  const match = SINGLE.exec(text);
  if (!match) {
    const reason = text === '..' || text === '' ? 'open intervals are not supported; ' : '';
    throw new InvalidPartialDateError(whole, `${reason}${FORMAT_HINT}`);
  }
  const year = Number(match[1]);
  if (year < 1) throw new InvalidPartialDateError(whole, `${text} is not a calendar date: years run from 0001 to 9999`);
  if (match[2] === undefined) return { first: dayFromCivil(year, 1, 1), last: dayFromCivil(year, 12, 31) };
  const month = Number(match[2]);
  if (month < 1 || month > 12) {
    const what = match[3] === undefined ? 'calendar month' : 'calendar date';
    throw new InvalidPartialDateError(whole, `${text} is not a ${what}`);
  }
  const monthEnd = daysInMonth(year, month);
  if (match[3] === undefined) return { first: dayFromCivil(year, month, 1), last: dayFromCivil(year, month, monthEnd) };
  const day = Number(match[3]);
  if (day < 1 || day > monthEnd) throw new InvalidPartialDateError(whole, `${text} is not a calendar date`);
  const only = dayFromCivil(year, month, day);
  return { first: only, last: only };
}

export function parsePartialDate(text: string): PartialDate {
  if (typeof text !== 'string') throw new InvalidPartialDateError(shorten(text), `not a string; ${FORMAT_HINT}`);
  const input = shorten(text);
  // Length guard first: nothing valid is longer than two full dates, and it keeps error handling of junk cheap.
  if (text.length > 21) throw new InvalidPartialDateError(input, FORMAT_HINT);
  const parts = text.split('/');
  if (parts.length === 1) return { text, ...parseSingle(text, input) };
  if (parts.length !== 2) throw new InvalidPartialDateError(input, FORMAT_HINT);
  const start = parseSingle(parts[0], input);
  const end = parseSingle(parts[1], input);
  if (start.first > end.last) throw new InvalidPartialDateError(input, 'interval starts after it ends');
  return { text, first: start.first, last: end.last };
}

export function tryParsePartialDate(text: unknown): PartialDate | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return parsePartialDate(text);
  } catch (error) {
    if (error instanceof InvalidPartialDateError) return undefined;
    throw error;
  }
}

export function isPartialDate(text: unknown): boolean {
  return tryParsePartialDate(text) !== undefined;
}

export function isDayPrecise(p: PartialDate): boolean {
  return p.first === p.last;
}

/** Spans never go negative: if the end may precede the start, the shortest possible span is zero days. */
export function daysBetween(from: PartialDate, to: PartialDate | Day): DayRange {
  const toFirst = typeof to === 'number' ? to : to.first;
  const toLast = typeof to === 'number' ? to : to.last;
  return { min: Math.max(0, toFirst - from.last), max: Math.max(0, toLast - from.first) };
}

export function certainlyOnOrBefore(p: PartialDate, day: Day): boolean {
  return p.last <= day;
}

export function possiblyOnOrBefore(p: PartialDate, day: Day): boolean {
  return p.first <= day;
}

export function certainlyAfter(p: PartialDate, day: Day): boolean {
  return p.first > day;
}

/**
 * Whether every day of a precedes every day of b. Ordering rules flag b as out of order relative to a only when
 * strictlyBefore(b, a): overlapping intervals (a transfer "2023" after a conviction on 2023-05-10) are allowed.
 */
export function strictlyBefore(a: PartialDate, b: PartialDate): boolean {
  return a.last < b.first;
}

export function addMonthsToPartial(p: PartialDate, months: number): DueRange {
  return { earliest: isoFromDay(addMonths(p.first, months)), latest: isoFromDay(addMonths(p.last, months)) };
}

/** Largest N ≥ 0 with addMonths(start, 12 * N) <= day, so a 29 February start has its anniversary on 28 February. */
function fullYearsSince(start: Day, day: Day): number {
  if (start > day) return 0;
  const years = civilFromDay(day).year - civilFromDay(start).year;
  return addMonths(start, 12 * years) <= day ? years : years - 1;
}

/** Full years that have passed by `day` however late in its interval p happened. */
export function certainFullYears(p: PartialDate, day: Day): number {
  return fullYearsSince(p.last, day);
}

/** Full years that may have passed by `day` if p happened as early as it could. */
export function possibleFullYears(p: PartialDate, day: Day): number {
  return fullYearsSince(p.first, day);
}

export function compareByFirstDay(a: PartialDate, b: PartialDate): number {
  return a.first - b.first || a.last - b.last;
}
