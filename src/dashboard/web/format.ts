/**
 * How numbers, day ranges and dates read on the dashboard. Sources often know only a month or a year, so spans are
 * ranges ("726–755 days") and dates keep the precision they were recorded with ("Sep 2021"), never a made-up day.
 * Dates are calendar dates with no time zone: all arithmetic is on UTC day numbers.
 */
import type { DayRange, DueRange } from './api-types';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MS_PER_DAY = 86_400_000;
const EN_DASH = '\u2013';

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number);
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function isoOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const number = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** "1 day", "367 days", "726–755 days": a range is shown as a range, never as its midpoint. */
export function dayRange(range: DayRange): string {
  if (range.min === range.max) return `${number(range.min)} ${range.min === 1 ? 'day' : 'days'}`;
  return `${number(range.min)}${EN_DASH}${number(range.max)} days`;
}

/** "26 Sep 2023". */
export function fullDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** A range of full dates, sharing what the two ends share: "1–30 Mar 2022", "28 Feb – 3 Mar 2022". */
export function dueRange({ earliest, latest }: DueRange): string {
  if (earliest === latest) return fullDate(earliest);
  const [y1, m1, d1] = earliest.split('-').map(Number);
  const [y2, m2, d2] = latest.split('-').map(Number);
  if (y1 === y2 && m1 === m2) return `${d1}${EN_DASH}${d2} ${MONTHS[m2 - 1]} ${y2}`;
  if (y1 === y2) return `${d1} ${MONTHS[m1 - 1]} ${EN_DASH} ${d2} ${MONTHS[m2 - 1]} ${y2}`;
  return `${fullDate(earliest)} ${EN_DASH} ${fullDate(latest)}`;
}

/** One side of a partial date at its own precision: "2021", "Sep 2021", "26 Sep 2023". */
function single(text: string): string {
  const [year, month, day] = text.split('-');
  if (month === undefined) return year;
  if (day === undefined) return `${MONTHS[Number(month) - 1]} ${year}`;
  return fullDate(text);
}

/** A partial date as recorded: "Sep 2021", or an interval "Sep 2019 – 26 Sep 2023" (some day in between). */
export function partialDate(text: string): string {
  const [from, to] = text.split('/');
  return to === undefined ? single(from) : `${single(from)} ${EN_DASH} ${single(to)}`;
}

/** "not_implemented" → "not implemented". */
export const label = (code: string): string => code.replace(/_/g, ' ');

let regions: Intl.DisplayNames | undefined;

/** "KZ" → "Kazakhstan", where the browser knows the name. */
export function countryName(code: string): string {
  try {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

/** An ISO timestamp as a UTC date and time: "26 Sep 2023, 14:03 UTC". */
export function timestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString();
  return `${fullDate(text.slice(0, 10))}, ${text.slice(11, 16)} UTC`;
}

/** "1 person", "9 people". */
export const people = (n: number): string => `${n} ${n === 1 ? 'person' : 'people'}`;
