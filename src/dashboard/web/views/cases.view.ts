/** Every case with its people's custody and its opinions: the way into cases that have no UN opinion yet. */
import type { CaseSummary, Custody } from '../api-types.js';
import { h } from '../dom.js';
import { countryName, fullDate, label } from '../format.js';
import { caseHref, replaceQuery, routeHref } from '../router.js';
import { session } from '../session.js';
import { SortableTable } from '../table.js';
import { debounce } from '../debounce.js';
import { field, PAGE_SIZE, searchBox, select, setOptions, TYPING_PAUSE_MS } from '../list-controls.js';
import { PagedList } from '../paged-list.js';
import { isCaseEvent, type View } from './view.js';

const IN_CUSTODY: Custody[] = ['detained', 'imprisoned', 'restricted_freedom'];

/** Each sortable column's order on the server. */
const SERVER_SORT: Record<string, string> = {
  case: 'title',
  state: 'country',
  custody: 'inCustody',
  opinions: 'opinions',
};

export const casesView: View = async (context) => {
  const { api, route, root, day } = context;
  const search = searchBox('case-search', route.query.get('q'));
  const country = select('case-country', 'All states', [], route.query.get('country'));
  const count = h('p', { class: 'count', role: 'status' });
  const fail = (error: unknown) => {
    count.textContent = `The server did not answer: ${error instanceof Error ? error.message : String(error)}`;
  };
  let order = { key: route.query.get('sort') ?? 'case', descending: route.query.get('dir') === 'desc' };
  const table = new SortableTable<CaseSummary>({
    caption: `Cases as of ${fullDate(day)}`,
    empty: 'No case matches.',
    order,
    sortedByServer: true,
    onSort: (next) => {
      order = next;
      replaceQuery({ sort: next.key, dir: next.descending ? 'desc' : 'asc' });
      void list.first().catch(fail);
    },
    rowAttrs: (c) => ({ 'data-case': c.caseId }),
    columns: [
      {
        key: 'case',
        label: 'Case',
        rowHeader: true,
        sort: (c) => c.title,
        cell: (c) => [h('a', { href: caseHref(c.caseId) }, c.title), h('span', { class: 'sub' }, c.caseId)],
      },
      { key: 'state', label: 'State', sort: (c) => countryName(c.country), cell: (c) => countryName(c.country) },
      {
        key: 'custody',
        label: 'In custody',
        sort: (c) => c.subjects.filter((s) => IN_CUSTODY.includes(s.custody)).length,
        cell: (c) => custodyCounts(c),
      },
      {
        key: 'opinions',
        label: 'UN opinions',
        sort: (c) => c.opinions.length,
        cell: (c) =>
          c.opinions.length
            ? c.opinions.map((o, i) => [i ? ', ' : '', h('a', { href: routeHref('opinions', { q: o }) }, o)])
            : 'none',
      },
    ],
  });
  const list = new PagedList<CaseSummary>({
    api,
    path: '/cases',
    pageSize: PAGE_SIZE,
    noun: 'cases',
    seen: context.seen,
    query: () => ({
      asOf: day,
      q: search.value.trim(),
      country: country.value,
      sort: `${order.descending ? '-' : ''}${SERVER_SORT[order.key] ?? 'title'}`,
    }),
    show: (page) => {
      count.textContent = `${page.total} ${page.total === 1 ? 'case matches' : 'cases match'}`;
      table.show(page.items);
    },
  });
  const apply = () => {
    replaceQuery({ q: search.value.trim(), country: country.value });
    void list.first().catch(fail);
  };
  search.addEventListener('input', debounce(apply, TYPING_PAUSE_MS));
  country.addEventListener('change', apply);

  const load = async () => {
    const states = api.get<Array<{ country: string }>>('/countries', { asOf: day }).then((answer) => {
      const options = answer.body.map(({ country: c }): [string, string] => [c, countryName(c)]);
      setOptions(
        country,
        options.sort((a, b) => a[1].localeCompare(b[1])),
      );
    });
    await Promise.all([list.refresh(), states]);
  };
  await load();
  root.append(
    h('h1', {}, 'Cases'),
    session().canRecord ? h('p', {}, h('a', { href: routeHref('cases/new') }, 'Open a case')) : '',
    h(
      'form',
      { class: 'filters', role: 'search', onsubmit: (e: Event) => e.preventDefault() },
      field('case-search', 'Search', search),
      field('case-country', 'State', country),
    ),
    count,
    h('div', { class: 'table-wrap' }, table.element),
    list.pager,
  );
  return { title: 'Cases', refresh: load, concerns: isCaseEvent };
};

function custodyCounts(c: CaseSummary): string {
  const counts = new Map<Custody, number>();
  for (const s of c.subjects) counts.set(s.custody, (counts.get(s.custody) ?? 0) + 1);
  const held = IN_CUSTODY.reduce((n, k) => n + (counts.get(k) ?? 0), 0);
  const detail = [...counts].map(([k, n]) => `${n} ${label(k)}`).join(', ');
  return `${held} of ${c.subjects.length} (${detail})`;
}
