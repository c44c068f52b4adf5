/**
 * The text drawn for generated events: partial dates, sources with their headlines, and notes.
 * Each draws from the case's own generator, so the calls and their order are part of the data.
 */
import { isoFromDay, type Day } from '../../domain/calendar/calendar-day';
import type { Source } from '../../domain/case/case.events';
import type { Rng } from './rng';
import { DATE_PRECISION } from './weights';
import * as words from './words';

const SITE = new Map(words.PUBLISHERS.map((p) => [p, `https://www.${p.toLowerCase().replace(/[^a-z0-9]+/g, '')}.org`]));
const HEADLINE_START = words.HEADLINE_WORDS.map((w) => w[0].toUpperCase() + w.slice(1));

/** A partial date containing `day`: mostly exact, often the month only, sometimes a range. */
export function partialDate(rng: Rng, day: Day): string {
  const iso = isoFromDay(day);
  const kind = rng.weighted(DATE_PRECISION);
  if (kind === 'day') return iso;
  if (kind === 'month') return iso.slice(0, 7);
  if (kind === 'year') return iso.slice(0, 4);
  const from = isoFromDay(day - rng.int(20, 400)).slice(0, 7);
  return `${from}/${iso}`;
}

/** One or two articles about the case in `country`, published on `day` or up to 45 days later (never after `today`). */
export function sources(rng: Rng, country: string, day: Day, today: Day): Source[] {
  const n = rng.chance(0.75) ? 1 : 2;
  const list: Source[] = [];
  for (let i = 0; i < n; i++) {
    const publisher = rng.pick(words.PUBLISHERS);
    const source: Source = {
      title: headline(rng, country),
      publisher,
      publishedOn: isoFromDay(Math.min(today, day + rng.int(0, 45))),
    };
    if (rng.chance(0.6)) source.url = `${SITE.get(publisher)}/archive.php?article_id=${rng.int(1000, 99999)}`;
    list.push(source);
  }
  return list;
}

function headline(rng: Rng, country: string): string {
  let text = HEADLINE_START[Math.floor(rng.next() * HEADLINE_START.length)];
  for (let i = rng.int(4, 9); i > 0; i--) text += ` ${rng.pick(words.HEADLINE_WORDS)}`;
  return `${country}: ${text}`;
}

export function note(rng: Rng): string {
  const n = rng.int(1, 2);
  return Array.from({ length: n }, () => rng.pick(words.NOTE_SENTENCES)).join(' ');
}
