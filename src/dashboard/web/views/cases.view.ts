/** Every case with its people's custody and its opinions: the way into cases that have no UN opinion yet. */
import type { CaseSummary, Custody } from '../api-types.js';
import { h } from '../dom.js';
import { countryName, fullDate, label } from '../format.js';
import { caseHref, replaceQuery, routeHref } from '../router.js';
import { SortableTable } from '../table.js';
import { isCaseEvent, type View } from './view.js';

const IN_CUSTODY: Custody[] = ['detained', 'imprisoned', 'restricted_freedom'];

export const casesView: View = async (context) => {
  const { api, route, root, day } = context;
  const table = new SortableTable<CaseSummary>({
    caption: `Cases as of ${fullDate(day)}`,
    empty: 'No case is recorded yet.',
    order: { key: route.query.get('sort') ?? 'case', descending: route.query.get('dir') === 'desc' },
    onSort: (order) => replaceQuery({ sort: order.key, dir: order.descending ? 'desc' : 'asc' }),
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
  const load = async () => {
    const answer = await api.get<CaseSummary[]>('/cases', { asOf: day });
    context.seen(answer.checkpoint);
    table.show(answer.body);
  };
  await load();
  root.append(h('h1', {}, 'Cases'), h('div', { class: 'table-wrap' }, table.element));
  return { title: 'Cases', refresh: load, concerns: isCaseEvent };
};

function custodyCounts(c: CaseSummary): string {
  const counts = new Map<Custody, number>();
  for (const s of c.subjects) counts.set(s.custody, (counts.get(s.custody) ?? 0) + 1);
  const held = IN_CUSTODY.reduce((n, k) => n + (counts.get(k) ?? 0), 0);
  const detail = [...counts].map(([k, n]) => `${n} ${label(k)}`).join(', ');
  return `${held} of ${c.subjects.length} (${detail})`;
}
