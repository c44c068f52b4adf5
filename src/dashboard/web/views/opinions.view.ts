/**
 * Every UN opinion, one row each: what it asks, what the state did, and for how long it has not. Filters, search and
 * sort live in the URL, so a filtered list can be shared as a link.
 */
import type { ImplementationStatus, OpinionView } from '../api-types.js';
import { gradeBadge, statusBadge } from '../badges.js';
import { h } from '../dom.js';
import { countryName, dayRange, dueRange, fullDate, label, partialDate, people } from '../format.js';
import { debounce } from '../debounce.js';
import { field, PAGE_SIZE, searchBox, select, setOptions, TYPING_PAUSE_MS } from '../list-controls.js';
import { PagedList } from '../paged-list.js';
import { caseHref, replaceQuery } from '../router.js';
import { SortableTable, type Column } from '../table.js';
import { followUpLink } from './audit-link.js';
import { opinionSummary } from './opinion-summary.js';
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
      h('span', { class: 'sub' }, followUpLink(o.opinionId)),
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

/** Each sortable column's order on the server; `days` since adoption runs against the adoption date. */
const SERVER_SORT: Record<string, { sort: string; reversed?: boolean }> = {
  opinion: { sort: 'opinionId' },
  mechanism: { sort: 'mechanism' },
  state: { sort: 'country' },
  people: { sort: 'people' },
  status: { sort: 'status' },
  days: { sort: 'adoptedOn', reversed: true },
  due: { sort: 'followUpDueOn' },
};

const MECHANISMS = ['WGAD', 'CCPR', 'CAT', 'CEDAW', 'CERD', 'CRC', 'CED', 'CESCR', 'CRPD', 'CMW', 'other'];

export const opinionsView: View = async (context) => {
  const { api, route, root, day } = context;
  const query = route.query;

  const search = searchBox('opinion-search', query.get('q'));
  const status = select(
    'opinion-status',
    'All statuses',
    STATUSES.map((s) => [s, label(s)]),
    query.get('status'),
  );
  const mechanism = select(
    'opinion-mechanism',
    'All mechanisms',
    MECHANISMS.map((m) => [m, m]),
    query.get('mechanism'),
  );
  const country = select('opinion-country', 'All states', [], query.get('country'));
  const count = h('p', { class: 'count', role: 'status' });
  const summary = h('p', { class: 'lede' });
  let order = { key: query.get('sort') ?? 'days', descending: (query.get('dir') ?? 'desc') === 'desc' };
  /** Opinions in all (the summary's count), and those the filters and search keep (the page's total). */
  let all: number | undefined;
  let matching: number | undefined;
  const showCount = () => {
    count.textContent = matching === undefined ? '' : `${matching} of ${all ?? '…'} opinions match`;
  };
  const fail = (error: unknown) => {
    count.textContent = `The server did not answer: ${error instanceof Error ? error.message : String(error)}`;
  };
  const table = new SortableTable<OpinionView>({
    caption: `UN opinions as of ${fullDate(day)}`,
    columns,
    order,
    sortedByServer: true,
    onSort: (next) => {
      order = next;
      replaceQuery({ sort: next.key, dir: next.descending ? 'desc' : 'asc' });
      void list.first().catch(fail);
    },
    empty: 'No opinion matches these filters.',
    rowAttrs: (o) => ({ 'data-opinion': o.opinionId }),
  });
  const list = new PagedList<OpinionView>({
    api,
    path: '/opinions',
    pageSize: PAGE_SIZE,
    noun: 'opinions',
    seen: context.seen,
    query: () => {
      const server = SERVER_SORT[order.key] ?? SERVER_SORT.days;
      const descending = order.descending !== Boolean(server.reversed);
      return {
        asOf: day,
        q: search.value.trim(),
        status: status.value,
        mechanism: mechanism.value,
        country: country.value,
        sort: `${descending ? '-' : ''}${server.sort}`,
      };
    },
    show: (page) => {
      matching = page.total;
      showCount();
      table.show(page.items);
    },
  });

  const apply = () => {
    replaceQuery({ q: search.value.trim(), status: status.value, mechanism: mechanism.value, country: country.value });
    void list.first().catch(fail);
  };
  search.addEventListener('input', debounce(apply, TYPING_PAUSE_MS));
  for (const control of [status, mechanism, country]) control.addEventListener('change', apply);

  const load = async () => {
    // The page first: the rows are what the reader waits for; the counts and the states follow.
    const rows = list.refresh();
    const counts = opinionSummary(api, day).then(({ sentence, total }) => {
      summary.textContent = sentence;
      all = total;
      showCount();
    });
    const states = api.get<Array<{ country: string }>>('/countries', { asOf: day }).then((answer) => {
      const options = answer.body.map(({ country: c }): [string, string] => [c, countryName(c)]);
      setOptions(
        country,
        options.sort((a, b) => a[1].localeCompare(b[1])),
      );
    });
    // The states only fill the filter's choices: the view does not wait for them.
    states.catch(() => undefined);
    await Promise.all([rows, counts]);
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
    list.pager,
  );
  return { title: 'UN opinions', refresh: load, concerns: isCaseEvent };
};
