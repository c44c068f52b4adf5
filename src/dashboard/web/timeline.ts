/**
 * A case timeline drawn in SVG: one lane per person, custody as coloured stretches, each fact as a marker on its lane,
 * the UN opinion and its follow-up deadline as marked bands. A date known only to a month or an interval is drawn as
 * what it is: a hollow marker over a bracket spanning every day it may have been, and a hatched custody change.
 */
import type { Custody, PersonTimeline, TimelineFact, TimelineOpinion } from './api-types.js';
import { svg, tooltip } from './dom.js';
import { dayNumber, dueRange, fullDate, label, partialDate } from './format.js';
import { custodyStretches, domainOf, scale, yearTicks, type Domain } from './timeline-layout.js';

export interface TimelineOptions {
  /** The day the case is shown as of (YYYY-MM-DD); the chart ends there unless a deadline lies beyond. */
  asOf: string;
  width: number;
  /** Opinions whose follow-up is overdue as of the day: their deadline is drawn in the alarm colour. */
  overdue: ReadonlySet<string>;
  /** Labels the drawing for assistive technology, with the id of an element describing it. */
  labelledBy: string;
}

const TOP = 40;
const LANE = 54;
const NAME_Y = 15;
const BAR_Y = 22;
const BAR_H = 12;
const MID = BAR_Y + BAR_H / 2;
const SIDE = 10;
/** A custody fact's span wider than this gets its marker on the bracket under the bar, clear of those on it. */
const WIDE_SPAN_PX = 48;

/** Marker shapes centred on 0,0: each kind of fact has its own, so colour is never the only cue. */
export const SHAPES: Record<TimelineFact['kind'] | 'opinion' | 'due', string> = {
  arrested: 'M5.5 0A5.5 5.5 0 1 1-5.5 0A5.5 5.5 0 1 1 5.5 0Z',
  convicted: 'M-5 -5H5V5H-5Z',
  transferred: 'M-5 -6L6 0L-5 6Z',
  released: 'M0 -7L2 -2.2L7 -2.2L3 1L4.5 6L0 3L-4.5 6L-3 1L-7 -2.2L-2 -2.2Z',
  opinion: 'M0 -7L7 0L0 7L-7 0Z',
  // A flag: its pole is a thin filled bar, so the white outline keeps it visible on a dark custody bar.
  due: 'M-4 11V-11H-1V11Z M-1 -11L11 -5.5L-1 0Z',
};

const WHAT: Record<TimelineFact['kind'], string> = {
  arrested: 'Arrested',
  convicted: 'Convicted',
  transferred: 'Transferred to restricted freedom',
  released: 'Released',
};

/** "Oct 2018 (some day from 1 Oct 2018 to 31 Oct 2018)", or just the day when it is known. */
export function when(on: { text: string; first: string; last: string }): string {
  if (on.first === on.last) return fullDate(on.first);
  return `${partialDate(on.text)} (some day from ${fullDate(on.first)} to ${fullDate(on.last)})`;
}

export const factWhat = (fact: TimelineFact): string => WHAT[fact.kind];

/** What the record says besides the date. */
export function factDetails(fact: TimelineFact): string {
  switch (fact.kind) {
    case 'arrested':
      return [fact.authority && `by ${fact.authority}`, fact.place && `in ${fact.place}`].filter(Boolean).join(', ');
    case 'convicted': {
      const term = fact.months !== undefined ? `${label(fact.sentence)}, ${fact.months} months` : label(fact.sentence);
      return [term, fact.court, fact.charges.join('; ')].filter(Boolean).join(' · ');
    }
    case 'transferred':
      return fact.court ?? '';
    case 'released':
      return `basis: ${label(fact.basis)}`;
  }
}

export function renderTimeline(timeline: readonly PersonTimeline[], options: TimelineOptions): SVGSVGElement {
  const width = Math.max(300, Math.round(options.width));
  const height = TOP + timeline.length * LANE + 6;
  const domain = domainOf(timeline, options.asOf);
  const x = scale(domain, SIDE, width - SIDE);
  const chart = svg('svg', {
    class: 'timeline',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': options.labelledBy,
  });
  const defs = svg('defs');
  chart.append(defs, axis(domain, x, width, height));
  timeline.forEach((person, lane) => {
    const group = svg('g', {
      class: 'tl-lane',
      transform: `translate(0 ${TOP + lane * LANE})`,
      'data-person': person.personId,
    });
    group.append(...opinionBands(person.opinions, x, options.overdue));
    group.append(
      svg(
        'text',
        { class: 'tl-name', x: SIDE, y: NAME_Y },
        person.name,
        svg('tspan', { class: 'tl-now' }, ` · ${label(person.custody)}`),
      ),
      svg('line', { class: 'tl-track', x1: SIDE, x2: width - SIDE, y1: MID, y2: MID }),
    );
    for (const stretch of custodyStretches(person, dayNumber(options.asOf) + 1)) {
      const fill = stretch.before ? `url(#${hatch(defs, stretch.before, stretch.custody)})` : undefined;
      group.append(
        svg('rect', {
          class: stretch.before ? 'tl-stretch tl-transition' : `tl-stretch custody-${stretch.custody}`,
          x: x(stretch.from),
          y: BAR_Y,
          width: Math.max(1, x(stretch.to) - x(stretch.from)),
          height: BAR_H,
          fill,
        }),
      );
    }
    for (const fact of person.facts) {
      const title = `${factWhat(fact)}: ${when(fact.on)}. ${factDetails(fact)}`;
      group.append(marker(fact.kind, fact.on.first, fact.on.last, x, { title }));
    }
    for (const opinion of person.opinions)
      group.append(...opinionMarkers(opinion, x, options.overdue.has(opinion.opinionId)));
    chart.append(group);
  });
  chart.append(asOfLine(options.asOf, x, height));
  return chart;
}

function axis(domain: Domain, x: (day: number) => number, width: number, height: number): SVGGElement {
  const group = svg('g', { class: 'tl-axis', 'aria-hidden': 'true' });
  for (const tick of yearTicks(domain, Math.floor(width / 64))) {
    const at = x(tick.day);
    group.append(
      svg('line', { class: 'tl-grid', x1: at, x2: at, y1: TOP - 8, y2: height }),
      svg('text', { class: 'tl-year', x: at + 3, y: TOP - 10 }, String(tick.year)),
    );
  }
  return group;
}

function asOfLine(asOf: string, x: (day: number) => number, height: number): SVGGElement {
  const at = x(dayNumber(asOf) + 1);
  return svg(
    'g',
    { class: 'tl-as-of' },
    svg('line', { x1: at, x2: at, y1: 4, y2: height }),
    svg('text', { x: at - 4, y: 12, 'text-anchor': 'end' }, `as of ${fullDate(asOf)}`),
  );
}

/**
 * A marker on the lane's bar; hollow, with a bracket under the bar, when the date is a span rather than a day. On a
 * wide span the marker sits on the bracket: centred on the bar it would look like a date, and hide what is there.
 */
function marker(
  kind: keyof typeof SHAPES,
  first: string,
  last: string,
  x: (day: number) => number,
  { title, attrs = {}, onBar = false }: { title: string; attrs?: Record<string, string>; onBar?: boolean },
): SVGGElement {
  const from = x(dayNumber(first));
  const to = x(dayNumber(last) + 1);
  const uncertain = first !== last;
  const group = svg(
    'g',
    { class: `tl-mark tl-${kind}`, 'data-kind': kind, 'data-uncertain': String(uncertain), ...attrs },
    tooltip(title),
  );
  const bracketY = BAR_Y + BAR_H + 8;
  if (uncertain && to - from > 3) {
    group.append(svg('path', { class: 'tl-bracket', d: `M${from} ${bracketY - 4}V${bracketY}H${to}V${bracketY - 4}` }));
  }
  const y = !onBar && uncertain && to - from > WIDE_SPAN_PX ? bracketY : MID;
  group.append(svg('path', { class: 'tl-shape', d: SHAPES[kind], transform: `translate(${(from + to) / 2} ${y})` }));
  return group;
}

function opinionMarkers(opinion: TimelineOpinion, x: (day: number) => number, overdue: boolean): SVGGElement[] {
  const { opinionId, mechanism, adoptedOn, followUpDueOn: due } = opinion;
  const adopted = `UN opinion ${opinionId} (${mechanism}) adopted: ${when(adoptedOn)}`;
  const dueTitle = `Follow-up on ${opinionId} due: ${dueRange(due)}${overdue ? ' (overdue)' : ''}`;
  // Always on the bar: they mark the lane as a whole, and a custody fact's marker may hang below it.
  const onBar = true;
  return [
    marker('opinion', adoptedOn.first, adoptedOn.last, x, {
      title: adopted,
      attrs: { 'data-opinion': opinionId },
      onBar,
    }),
    marker('due', due.earliest, due.latest, x, {
      title: dueTitle,
      attrs: { 'data-opinion': opinionId, 'data-overdue': String(overdue) },
      onBar,
    }),
  ];
}

/** Light bands behind a covered person's lane: the adoption span and the follow-up deadline. */
function opinionBands(
  opinions: readonly TimelineOpinion[],
  x: (day: number) => number,
  overdue: ReadonlySet<string>,
): SVGRectElement[] {
  return opinions.flatMap((o) => [
    band('tl-band-opinion', o.adoptedOn.first, o.adoptedOn.last, x),
    band(
      overdue.has(o.opinionId) ? 'tl-band-due tl-band-overdue' : 'tl-band-due',
      o.followUpDueOn.earliest,
      o.followUpDueOn.latest,
      x,
    ),
  ]);
}

function band(className: string, first: string, last: string, x: (day: number) => number): SVGRectElement {
  const from = x(dayNumber(first));
  return svg('rect', {
    class: className,
    x: from,
    y: 2,
    width: Math.max(2, x(dayNumber(last) + 1) - from),
    height: LANE - 4,
  });
}

/** Stripes of both colours: "somewhere in this span, one became the other". One pattern per pair, made on demand. */
function hatch(defs: SVGDefsElement, before: Custody, after: Custody): string {
  const id = `tl-hatch-${before}-${after}`;
  if (!defs.querySelector(`#${id}`)) {
    defs.append(
      svg(
        'pattern',
        { id, patternUnits: 'userSpaceOnUse', width: 8, height: 8, patternTransform: 'rotate(45)' },
        svg('rect', { class: `custody-${before}`, width: 4, height: 8 }),
        svg('rect', { class: `custody-${after}`, x: 4, width: 4, height: 8 }),
      ),
    );
  }
  return id;
}
