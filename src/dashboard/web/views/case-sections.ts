/** The parts of a case page that are tables and lists: inquiries, sources, the timeline as text, the opinions. */
import type { CaseInquiry, CaseView, OpinionView, Source, SourcesRecord } from '../api-types.js';
import { gradeBadge, statusBadge } from '../badges.js';
import { h } from '../dom.js';
import { dayRange, dueRange, label, partialDate } from '../format.js';
import { routeHref } from '../router.js';
import { SortableTable } from '../table.js';
import { factDetails, factWhat, when } from '../timeline.js';

export function opinionCards(opinions: OpinionView[]): HTMLElement {
  if (opinions.length === 0) return h('p', {}, 'No UN opinion on this case as of this day.');
  return h(
    'ul',
    { class: 'cards' },
    opinions.map((o) =>
      h(
        'li',
        { class: 'card', 'data-opinion': o.opinionId },
        h('h3', {}, h('a', { href: routeHref('opinions', { q: o.opinionId }) }, o.opinionId), ` (${o.mechanism})`),
        h('p', {}, statusBadge(o.status), ' ', gradeBadge(o.grade)),
        h(
          'ul',
          { class: 'badges' },
          o.calls.map((c) => h('li', {}, statusBadge(c.status, c.call))),
        ),
        h(
          'p',
          {},
          `Adopted ${partialDate(o.occurredOn)}: `,
          h('strong', { class: 'days' }, dayRange(o.daysSinceAdoption)),
          ' ago. Follow-up due ',
          h('span', { class: 'due' }, dueRange(o.followUpDueOn)),
          o.followUpOverdue ? [' ', h('span', { class: 'flag overdue' }, 'Overdue')] : '.',
        ),
      ),
    ),
  );
}

export function inquiriesTable(inquiries: CaseInquiry[], focus: string | null): HTMLElement {
  const table = new SortableTable<CaseInquiry>({
    caption: 'Inquiries sent about this case',
    empty: 'No inquiry recorded.',
    order: { key: 'sent', descending: false },
    rowAttrs: (i) => ({
      id: `inquiry-${i.inquiryId}`,
      'data-inquiry': i.inquiryId,
      class: i.inquiryId === focus ? 'focused' : '',
    }),
    columns: [
      { key: 'sent', label: 'Sent', sort: (i) => i.occurredOn, cell: (i) => partialDate(i.occurredOn) },
      { key: 'to', label: 'To', rowHeader: true, sort: (i) => i.to, cell: (i) => i.to },
      { key: 'channel', label: 'How', cell: (i) => label(i.channel) },
      { key: 'question', label: 'Question', cell: (i) => h('span', { class: 'question' }, i.question) },
      {
        key: 'answer',
        label: 'Answer',
        sort: (i) => (i.answered ? 1 : 0),
        cell: (i) =>
          i.answered
            ? `answered ${i.answeredOn ? partialDate(i.answeredOn) : ''}`
            : h('span', { class: 'flag unanswered' }, 'No answer'),
      },
      {
        key: 'waited',
        label: 'Days waited',
        numeric: true,
        sort: (i) => i.daysWaited?.max ?? -1,
        cell: (i) => (i.daysWaited ? h('span', { class: 'days' }, dayRange(i.daysWaited)) : '—'),
      },
    ],
  });
  table.show(inquiries);
  return h('div', { class: 'table-wrap' }, table.element);
}

/** The drawing's content for those who cannot see it, with the recorder's notes on each fact. */
export function timelineTable(view: CaseView): HTMLElement {
  const notes = new Map(view.sources.map((s) => [s.revision, s.note]));
  const rows = view.timeline.flatMap((person) => [
    ...person.facts.map((fact) => ({
      person: person.name,
      on: fact.on.first,
      cells: [when(fact.on), factWhat(fact), factDetails(fact), notes.get(fact.revision) ?? ''],
    })),
    ...person.opinions.flatMap((o) => [
      {
        person: person.name,
        on: o.adoptedOn.first,
        cells: [when(o.adoptedOn), `UN opinion ${o.opinionId}`, o.mechanism, ''],
      },
      {
        person: person.name,
        on: o.followUpDueOn.earliest,
        cells: [dueRange(o.followUpDueOn), `Follow-up on ${o.opinionId} due`, '', ''],
      },
    ]),
  ]);
  rows.sort((a, b) => a.person.localeCompare(b.person) || a.on.localeCompare(b.on));
  return h(
    'details',
    { class: 'timeline-text' },
    h('summary', {}, 'The timeline as a table'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data' },
        h('caption', {}, 'Facts by person, in date order'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Person', 'When', 'What', 'Details', 'Note'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row', 'data-label': 'Person' }, r.person),
              r.cells.map((c, i) => h('td', { 'data-label': ['When', 'What', 'Details', 'Note'][i] }, c)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Each source once, with the facts it backs: the example cites one article for nearly every fact. */
export function sourcesList(records: SourcesRecord[]): HTMLElement {
  const bySource = new Map<string, { source: Source; facts: string[] }>();
  for (const record of records) {
    for (const source of record.sources) {
      const key = JSON.stringify([source.url, source.title, source.publisher, source.publishedOn]);
      const entry = bySource.get(key) ?? { source, facts: [] };
      entry.facts.push(
        `${label(record.type.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase())} (revision ${record.revision})`,
      );
      bySource.set(key, entry);
    }
  }
  if (bySource.size === 0) return h('p', {}, 'No source recorded.');
  return h(
    'ul',
    { class: 'sources' },
    [...bySource.values()].map(({ source, facts }) => {
      const name = source.title ?? source.url ?? 'Untitled source';
      return h(
        'li',
        {},
        // Recorded URLs are data: only web addresses become links, never javascript: or the like.
        source.url && /^https?:\/\//i.test(source.url)
          ? h('a', { href: source.url, rel: 'noopener noreferrer', target: '_blank' }, name)
          : h('cite', {}, name),
        [source.publisher, source.publishedOn && partialDate(source.publishedOn)].filter(Boolean).map((t) => ` · ${t}`),
        source.url && source.title ? h('span', { class: 'sub' }, source.url) : null,
        h(
          'details',
          {},
          h('summary', {}, `cited for ${facts.length} recorded ${facts.length === 1 ? 'fact' : 'facts'}`),
          h('p', { class: 'sub' }, facts.join(', ')),
        ),
      );
    }),
  );
}
