/**
 * The geometry of a case timeline, without the DOM: which days the axis covers, where its ticks go, and each person's
 * custody as stretches of time. A fact dated only to a month or an interval changes custody on some unknown day in its
 * span, so that span becomes a transition stretch, drawn hatched in both colours, rather than a guessed day.
 */
import type { Custody, PersonTimeline } from './api-types.js';
import { dayNumber } from './format.js';

/** Days are UTC day numbers; `to` is exclusive, so a one-day fact on day d covers [d, d + 1). */
export interface Stretch {
  from: number;
  to: number;
  custody: Custody;
  /** Set on a transition: the custody before it (`custody` is the one after). */
  before?: Custody;
}

export interface Domain {
  start: number;
  end: number;
}

/** From the earliest date shown to the end of the as-of day (or a later follow-up deadline), with a little margin. */
export function domainOf(timeline: readonly PersonTimeline[], asOf: string): Domain {
  let first = dayNumber(asOf);
  let last = dayNumber(asOf) + 1;
  for (const person of timeline) {
    for (const fact of person.facts) {
      first = Math.min(first, dayNumber(fact.on.first));
      last = Math.max(last, dayNumber(fact.on.last) + 1);
    }
    for (const opinion of person.opinions) {
      first = Math.min(first, dayNumber(opinion.adoptedOn.first));
      last = Math.max(last, dayNumber(opinion.followUpDueOn.latest) + 1);
    }
  }
  const margin = Math.max(15, Math.round((last - first) * 0.02));
  return { start: first - margin, end: last + margin };
}

/** Maps a day to an x coordinate between `left` and `right`. */
export function scale(domain: Domain, left: number, right: number): (day: number) => number {
  const perDay = (right - left) / Math.max(1, domain.end - domain.start);
  return (day) => left + (day - domain.start) * perDay;
}

/** 1 January of every `step`th year inside the domain, with `step` chosen so at most `maxTicks` fit. */
export function yearTicks(domain: Domain, maxTicks: number): Array<{ day: number; year: number }> {
  const firstYear = new Date(domain.start * 86_400_000).getUTCFullYear() + 1;
  const lastYear = new Date(domain.end * 86_400_000).getUTCFullYear();
  const years = lastYear - firstYear + 1;
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => Math.ceil(years / s) <= Math.max(1, maxTicks)) ?? 100;
  const ticks: Array<{ day: number; year: number }> = [];
  for (let year = Math.ceil(firstYear / step) * step; year <= lastYear; year += step) {
    ticks.push({ day: dayNumber(`${String(year).padStart(4, '0')}-01-01`), year });
  }
  return ticks;
}

/**
 * A person's custody over time, up to `end` (exclusive). Facts come in date order from the server, each with the
 * custody it leaves the person in. Overlapping uncertain spans merge into one transition: all that is known is that
 * somewhere in the merged span the person went from the custody before to the custody after.
 */
export function custodyStretches(person: PersonTimeline, end: number): Stretch[] {
  const stretches: Stretch[] = [];
  let custody: Custody = 'at_liberty';
  let since = -Infinity;
  let pending: Stretch | undefined;
  const settle = () => {
    if (!pending) return;
    if (pending.to > pending.from) stretches.push(pending);
    custody = pending.custody;
    since = pending.to;
    pending = undefined;
  };
  for (const fact of person.facts) {
    const from = Math.max(dayNumber(fact.on.first), pending?.from ?? since);
    const to = Math.max(dayNumber(fact.on.last) + 1, from);
    if (pending && from < pending.to) {
      pending.to = Math.max(pending.to, to);
      pending.custody = fact.custodyAfter;
      continue;
    }
    settle();
    if (from > since && since > -Infinity) stretches.push({ from: since, to: from, custody });
    pending = { from, to, custody: fact.custodyAfter, before: custody };
  }
  settle();
  if (since > -Infinity && end > since) stretches.push({ from: since, to: end, custody });
  // At liberty is the absence of a bar; custody never returns to it (a release is its own state).
  return stretches.filter((s) => s.custody !== 'at_liberty');
}
