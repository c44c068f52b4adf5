/**
 * How the follow-up submission says dates, day counts and lists, in words an advocate can sign: a date keeps the
 * precision its source gave ("September 2021" stays a month), an uncertain span says so ("some day between …"), and a
 * day count that the dates leave open is a range ("726–755 days"), never a midpoint.
 */
import type { DayRange, DueRange } from '../../domain/calendar/partial-date';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const EN_DASH = '\u2013';

/** "2021", "September 2021", "26 September 2023". */
function single(text: string): string {
  const [year, month, day] = text.split('-');
  if (month === undefined) return year;
  const name = MONTHS[Number(month) - 1];
  return day === undefined ? `${name} ${year}` : `${Number(day)} ${name} ${year}`;
}

/** A partial date as its source gave it: "October 2018", or "some day between September 2019 and 26 September 2023". */
export function dateInWords(text: string): string {
  const [from, to] = text.split('/');
  return to === undefined ? single(from) : `some day between ${single(from)} and ${single(to)}`;
}

/** A full ISO day: "26 September 2023". */
export const dayInWords = (iso: string): string => single(iso);

/** "1 day", "11 days", "726–755 days". */
export function daysInWords(range: DayRange): string {
  if (range.min === range.max) return `${range.min} ${range.min === 1 ? 'day' : 'days'}`;
  return `${range.min}${EN_DASH}${range.max} days`;
}

/** "26 September 2023", "1–30 March 2022", "28 February – 3 March 2022". */
export function dueInWords({ earliest, latest }: DueRange): string {
  if (earliest === latest) return dayInWords(earliest);
  const [y1, m1, d1] = earliest.split('-').map(Number);
  const [y2, m2, d2] = latest.split('-').map(Number);
  if (y1 === y2 && m1 === m2) return `${d1}${EN_DASH}${d2} ${MONTHS[m2 - 1]} ${y2}`;
  if (y1 === y2) return `${d1} ${MONTHS[m1 - 1]} ${EN_DASH} ${d2} ${MONTHS[m2 - 1]} ${y2}`;
  return `${dayInWords(earliest)} ${EN_DASH} ${dayInWords(latest)}`;
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "1 person", "9 people". */
export const peopleInWords = (n: number): string => `${n} ${n === 1 ? 'person' : 'people'}`;
