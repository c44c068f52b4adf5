/**
 * One case: its people and their custody as of the day, the timeline drawn lane by lane, the UN opinions with their
 * calls, the inquiries and how long each has waited, and the sources everything rests on.
 */
import type { CaseView, OpinionView } from '../api-types.js';
import { ApiError } from '../api.js';
import { custodyBadge } from '../badges.js';
import { fill, h } from '../dom.js';
import { countryName, fullDate } from '../format.js';
import { routeHref } from '../router.js';
import { SortableTable } from '../table.js';
import { renderTimeline } from '../timeline.js';
import { timelineLegend } from '../timeline-legend.js';
import { auditLink } from './audit-link.js';
import { inquiriesTable, opinionCards, sourcesList, timelineTable } from './case-sections.js';
import { recordPanel } from './record-panel.js';
import type { View } from './view.js';

export const caseView: View = async (context) => {
  const { api, route, root, day } = context;
  const caseId = route.caseId ?? '';
  const focus = route.query.get('inquiry');
  const parts = {
    heading: h('h1', {}, caseId),
    lede: h('p', { class: 'lede' }),
    opinions: h('div'),
    people: h('div', { class: 'table-wrap' }),
    chart: h('div', { class: 'timeline-box' }),
    text: h('div'),
    inquiries: h('div'),
    sources: h('div'),
  };
  const recording = recordPanel(api, caseId);
  let current: { view: CaseView; overdue: Set<string> } | undefined;
  let drawnWidth = 0;

  const draw = () => {
    if (!current) return;
    drawnWidth = parts.chart.clientWidth;
    if (drawnWidth === 0) return; // not on the page yet: the resize observer draws it once it is
    const chart = renderTimeline(current.view.timeline, {
      asOf: day,
      width: drawnWidth,
      overdue: current.overdue,
      labelledBy: 'timeline-heading timeline-summary',
    });
    fill(parts.chart, chart);
  };

  const load = async () => {
    const [caseAnswer, opinionsAnswer] = await Promise.all([
      api.get<CaseView>(`/cases/${encodeURIComponent(caseId)}`, { asOf: day }).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) throw new ApiError(404, `There is no case ${caseId}.`);
        throw error;
      }),
      // Only the opinions found by the case's id (a handful), not every opinion of the ledger.
      api.get<OpinionView[]>('/opinions', { asOf: day, q: caseId }),
    ]);
    context.seen(caseAnswer.checkpoint);
    const view = caseAnswer.body;
    const opinions = opinionsAnswer.body.filter((o) => o.caseIds.includes(caseId));
    current = { view, overdue: new Set(opinions.filter((o) => o.followUpOverdue).map((o) => o.opinionId)) };

    parts.heading.textContent = view.title;
    fill(
      parts.lede,
      `${countryName(view.country)} · case ${view.caseId} · ${view.subjects.length} `,
      view.subjects.length === 1 ? 'person' : 'people',
      ` · revision ${view.revision} · as of ${fullDate(day)}`,
    );
    fill(parts.opinions, opinionCards(opinions));
    const people = new SortableTable<CaseView['subjects'][number]>({
      caption: `People and their custody as of ${fullDate(day)}`,
      empty: 'No one recorded.',
      columns: [
        { key: 'name', label: 'Name', rowHeader: true, sort: (s) => s.name, cell: (s) => s.name },
        { key: 'custody', label: 'Custody', sort: (s) => s.custody, cell: (s) => custodyBadge(s.custody) },
      ],
      rowAttrs: (s) => ({ 'data-person': s.personId }),
    });
    people.show(view.subjects);
    fill(parts.people, people.element);
    fill(
      parts.text,
      h('p', { id: 'timeline-summary', class: 'visually-hidden' }, timelineSummary(view)),
      timelineLegend(),
      timelineTable(view),
    );
    fill(parts.inquiries, inquiriesTable(view.inquiries, focus), fewerShown(view, 'inquiries'));
    fill(parts.sources, sourcesList(view.sources), fewerShown(view, 'sources'));
    draw();
    await recording.refresh();
  };
  await load();

  // The drawing is sized to its box: drawn once the box is on the page, again whenever its width changes.
  const observer = new ResizeObserver(() => {
    if (parts.chart.clientWidth !== drawnWidth) draw();
  });
  observer.observe(parts.chart);

  root.append(
    h('p', { class: 'crumbs' }, h('a', { href: routeHref('cases') }, 'All cases')),
    parts.heading,
    parts.lede,
    auditLink(api, caseId),
    recording.element,
    section('UN opinions', 'opinions-heading', parts.opinions),
    section('People', 'people-heading', parts.people),
    section('Timeline', 'timeline-heading', parts.chart, parts.text),
    section('Inquiries', 'inquiries-heading', parts.inquiries),
    section('Sources', 'sources-heading', parts.sources),
  );
  if (focus)
    requestAnimationFrame(() => document.getElementById(`inquiry-${focus}`)?.scrollIntoView({ block: 'center' }));

  return {
    title: current?.view.title ?? caseId,
    refresh: load,
    concerns: (event) => event.stream === `case-${caseId}`,
    dispose: () => observer.disconnect(),
  };
};

const section = (title: string, id: string, ...content: HTMLElement[]) =>
  h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...content);

/** A long case's page lists the most recent entries only: says so, and where the rest is. */
function fewerShown(view: CaseView, list: 'inquiries' | 'sources'): HTMLElement | null {
  const listed = view.listed?.[list];
  if (!listed || listed.shown >= listed.total) return null;
  return h(
    'p',
    { class: 'fewer-shown' },
    `The ${listed.shown} most recently recorded of ${listed.total} ${list}; every one is in the `,
    h('a', { href: `#/cases/${encodeURIComponent(view.caseId)}/history` }, "case's history"),
    '.',
  );
}

function timelineSummary(view: CaseView): string {
  const facts = view.timeline.reduce((n, p) => n + p.facts.length, 0);
  return `${view.timeline.length} lanes, one per person, with ${facts} recorded facts; the table below lists them.`;
}
