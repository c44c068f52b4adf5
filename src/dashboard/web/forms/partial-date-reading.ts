/**
 * What a partial date typed as the sources give it stands for, said while it is typed: `2019-08/2023-09-26` is
 * "some day from 1 Aug 2019 to 26 Sep 2023". The server decides what is valid; this only reads it back to the user,
 * and says plainly what it cannot read.
 */
import { fullDate, isoOfDay, dayNumber } from '../format.js';

export type Reading = { ok: true; text: string } | { ok: false; text: string };

const SIDE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** The first and last day one side may be, or why it is no date. */
function span(text: string): { first: string; last: string } | string {
  const match = SIDE.exec(text);
  if (!match) return `“${text}” is not YYYY, YYYY-MM or YYYY-MM-DD`;
  const [, year, month, day] = match;
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) return `there is no month ${month}`;
  if (month === undefined) return { first: `${year}-01-01`, last: `${year}-12-31` };
  const lastOfMonth = isoOfDay(dayNumber(`${year}-${month}-01`) + daysIn(Number(year), Number(month)) - 1);
  if (day === undefined) return { first: `${year}-${month}-01`, last: lastOfMonth };
  const iso = `${year}-${month}-${day}`;
  if (Number(day) < 1 || iso > lastOfMonth) return `${fullDate(`${year}-${month}-01`).slice(2)} has no day ${day}`;
  return { first: iso, last: iso };
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function readPartialDate(typed: string): Reading {
  const text = typed.trim();
  if (text === '') return { ok: false, text: 'Type a year, a month (2018-10), a day (2023-09-26) or two of them: A/B' };
  const sides = text.split('/');
  if (sides.length > 2) return { ok: false, text: 'At most two dates, A/B' };
  const spans = sides.map(span);
  const bad = spans.find((s): s is string => typeof s === 'string');
  if (bad) return { ok: false, text: `Not a date yet: ${bad}` };
  const [from, to] = spans as Array<{ first: string; last: string }>;
  const first = from.first;
  const last = (to ?? from).last;
  if (to && to.last < from.first) return { ok: false, text: 'The second date comes before the first' };
  if (first === last) return { ok: true, text: `on ${fullDate(first)}` };
  return { ok: true, text: `some day from ${fullDate(first)} to ${fullDate(last)}` };
}
