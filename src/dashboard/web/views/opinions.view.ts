/**
 * Every UN opinion, one row each: what it asks, what the state did, and for how long it has not. Filters, search and
 * sort live in the URL, so a filtered list can be shared as a link.
 */
import type { ImplementationStatus, OpinionView } from '../api-types.js';
import { gradeBadge, statusBadge } from '../badges.js';
import { h } from '../dom.js';
import { countryName, dayRange, dueRange, fullDate, label, partialDate, people } from '../format.js';
import { caseHref, replaceQuery } from '../router.js';
import { SortableTable, type Column } from '../table.js';
import { isCaseEvent, type View } from './view.js';

const STATUS_ORDER: Record<ImplementationStatus, number> = {
  not_implemented: 0,
  partially_implemented: 1,
  implemented: 2,
};
const STATUSES = Object.keys(STATUS_ORDER) as ImplementationStatus[];

const columns: Column<OpinionView>[] = [
  {
    key: 'opinion',
    label: 'Opinion',
    rowHeader: true,
    sort: (o) => o.opinionId,
    cell: (o) => [
      h('span', { class: 'symbol' }, o.opinionId),
      h('span', { class: 'sub' }, `adopted ${partialDate(o.occurredOn)}`),
      h(
        'span',
        { class: 'sub' },
        o.caseIds.map((id, i) => [i ? ', ' : '', h('a', { href: caseHref(id) }, id)]),
      ),
    ],
  },
  { key: 'mechanism', label: 'Mechanism', sort: (o) => o.mechanism, cell: (o) => o.mechanism },
  {
    key: 'state',
    label: 'State',
    sort: (o) => o.countries.map(countryName).join(', '),
    cell: (o) => o.countries.map(countryName).join(', '),
  },
  { key: 'people', label: 'People', sort: (o) => o.people.length, cell: (o) => peopleCell(o) },
  {
    key: 'calls',
    label: 'Calls',
    cell: (o) =>
      h(
        'ul',
        { class: 'badges' },
        o.calls.map((c) => h('li', {}, statusBadge(c.status, c.call))),
      ),
  },
  {
    key: 'status',
    label: 'Status',
    sort: (o) => STATUS_ORDER[o.status] * 10 + o.grade.charCodeAt(0) - 65,
    cell: (o) => [statusBadge(o.status), ' ', gradeBadge(o.grade), conflictsNote(o)],
  },
  {
    key: 'days',
    label: 'Since adoption',
    numeric: true,
    sort: (o) => o.daysSinceAdoption.max * 100_000 + o.daysSinceAdoption.min,
    cell: (o) => h('span', { class: 'days' }, dayRange(o.daysSinceAdoption)),
  },
  {
    key: 'due',
    label: 'Follow-up due',
    sort: (o) => o.followUpDueOn.earliest,
    cell: (o) => [
      h('span', { class: 'due' }, dueRange(o.followUpDueOn)),
      o.followUpOverdue ? h('span', { class: 'flag overdue' }, 'Overdue') : null,
    ],
  },
];

const FACT_LABELS: Record<string, string> = {
  mechanism: 'mechanism',
  occurredOn: 'adopted',
  transmittedOn: 'transmitted',
  followUpMonths: 'follow-up months',
};

/** Cases that record the opinion differently: the figures use the first case's values, and the reader must know. */
function conflictsNote(o: OpinionView) {
  if (!o.conflicts?.length) return null;
  const text = o.conflicts
    .map(
      (c) =>
        `${FACT_LABELS[c.field] ?? label(c.field)}: ${c.values.map((v) => `${v.value} (${v.caseIds.join(', ')})`).join(' / ')}`,
    )
    .join('; ');
  return h('p', { class: 'flag conflict', role: 'note' }, `Records disagree. ${text}`);
}

function peopleCell(o: OpinionView) {
  const counts = Object.entries(o.custody).filter(([, n]) => n > 0);
  return h(
    'details',
    { class: 'people' },
    h('summary', {}, people(o.people.length)),
    h('p', { class: 'sub' }, counts.map(([custody, n]) => `${n} ${label(custody)}`).join(' · ')),
    h(
      'ul',
      {},
      o.people.map((p) => h('li', {}, h('a', { href: caseHref(p.caseId) }, p.name), ` — ${label(p.custody)}`)),
    ),
  );
}

export const opinionsView: View = async (context) => {
  const { api, route, root, day } = context;
  const query = route.query;
  let opinions: OpinionView[] = [];

  const search = h('input', { type: 'search', id: 'opinion-search', value: query.get('q') ?? '', autocomplete: 'off' });
  const status = select(
    'opinion-status',
    'All statuses',
    STATUSES.map((s) => [s, label(s)]),
    query.get('status'),
  );
  const mechanism = select('opinion-mechanism', 'All mechanisms', [], query.get('mechanism'));
  const country = select('opinion-country', 'All states', [], query.get('country'));
  const count = h('p', { class: 'count', role: 'status' });
  const summary = h('p', { class: 'lede' });
  const table = new SortableTable<OpinionView>({
    caption: `UN opinions as of ${fullDate(day)}`,
    columns,
    order: { key: query.get('sort') ?? 'days', descending: (query.get('dir') ?? 'desc') === 'desc' },
    onSort: (order) => replaceQuery({ sort: order.key, dir: order.descending ? 'desc' : 'asc' }),
    empty: 'No opinion matches these filters.',
    rowAttrs: (o) => ({ 'data-opinion': o.opinionId }),
  });

  const apply = () => {
    replaceQuery({ q: search.value.trim(), status: status.value, mechanism: mechanism.value, country: country.value });
    const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const shown = opinions.filter(
      (o) =>
        (!status.value || o.status === status.value) &&
        (!mechanism.value || o.mechanism === mechanism.value) &&
        (!country.value || o.countries.includes(country.value)) &&
        words.every((word) => haystack(o).includes(word)),
    );
    count.textContent = `${shown.length} of ${opinions.length} opinions shown`;
    table.show(shown);
  };
  search.addEventListener('input', apply);
  for (const control of [status, mechanism, country]) control.addEventListener('change', apply);

  const load = async () => {
    const answer = await api.get<OpinionView[]>('/opinions', { asOf: day });
    context.seen(answer.checkpoint);
    opinions = answer.body;
    setOptions(
      mechanism,
      [...new Set(opinions.map((o) => o.mechanism))].sort().map((m) => [m, m]),
    );
    const codes = [...new Set(opinions.flatMap((o) => o.countries))];
    setOptions(
      country,
      codes.map((c): [string, string] => [c, countryName(c)]).sort((a, b) => a[1].localeCompare(b[1])),
    );
    summary.textContent = summarise(opinions, day);
    apply();
  };
  await load();

  root.append(
    h('h1', {}, 'UN opinions'),
    summary,
    h(
      'form',
      { class: 'filters', role: 'search', onsubmit: (e: Event) => e.preventDefault() },
      field('opinion-search', 'Search', search),
      field('opinion-status', 'Status', status),
      field('opinion-mechanism', 'Mechanism', mechanism),
      field('opinion-country', 'State', country),
    ),
    count,
    h('div', { class: 'table-wrap' }, table.element),
  );
  return { title: 'UN opinions', refresh: load, concerns: isCaseEvent };
};

const haystack = (o: OpinionView): string =>
  [
    o.opinionId,
    o.mechanism,
    ...o.caseIds,
    ...o.countries,
    ...o.countries.map(countryName),
    ...o.people.map((p) => p.name),
  ]
    .join(' ')
    .toLowerCase();

/** The ten-second answer: how many calls are ignored, and the longest wait. */
function summarise(opinions: OpinionView[], day: string): string {
  if (opinions.length === 0) return `No UN opinion is recorded as of ${fullDate(day)}.`;
  const by = (s: ImplementationStatus) => opinions.filter((o) => o.status === s).length;
  const longest = opinions
    .filter((o) => o.status !== 'implemented')
    .sort((a, b) => b.daysSinceAdoption.max - a.daysSinceAdoption.max)[0];
  const overdue = opinions.filter((o) => o.followUpOverdue).length;
  return (
    `As of ${fullDate(day)}: ${opinions.length} opinion${opinions.length === 1 ? '' : 's'} — ` +
    `${by('not_implemented')} not implemented, ${by('partially_implemented')} partially, ${by('implemented')} implemented; ` +
    `${overdue} with the follow-up overdue.` +
    (longest ? ` Longest unimplemented: ${longest.opinionId}, ${dayRange(longest.daysSinceAdoption)}.` : '')
  );
}

function select(id: string, all: string, options: Array<[string, string]>, value: string | null): HTMLSelectElement {
  const element = h('select', { id, 'data-all': all });
  setOptions(element, options, value ?? '');
  return element;
}

/** Keeps the choice when the list of options changes under it (a live update may add a mechanism). */
function setOptions(element: HTMLSelectElement, options: Array<[string, string]>, value = element.value): void {
  const all = element.getAttribute('data-all') ?? 'All';
  const known = options.some(([v]) => v === value);
  element.replaceChildren(
    h('option', { value: '' }, all),
    ...options.map(([v, text]) => h('option', { value: v }, text)),
    ...(value && !known ? [h('option', { value }, value)] : []),
  );
  element.value = value;
}

const field = (id: string, text: string, control: HTMLElement) =>
  h('div', { class: 'field' }, h('label', { for: id }, text), control);
