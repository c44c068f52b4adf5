/** Compliance by state: the figure advocates quote, each state's opinions by status and grade. */
import type { CountryView } from '../api-types.js';
import { gradeBadge } from '../badges.js';
import { h } from '../dom.js';
import { countryName, dayRange, fullDate } from '../format.js';
import { replaceQuery, routeHref } from '../router.js';
import { SortableTable } from '../table.js';
import { stackedBar } from '../stacked-bar.js';
import { isCaseEvent, type View } from './view.js';

const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;

export const countriesView: View = async (context) => {
  const { api, route, root, day } = context;
  const table = new SortableTable<CountryView>({
    caption: `Compliance by state as of ${fullDate(day)}`,
    empty: 'No case is recorded yet.',
    order: { key: route.query.get('sort') ?? 'state', descending: route.query.get('dir') === 'desc' },
    onSort: (order) => replaceQuery({ sort: order.key, dir: order.descending ? 'desc' : 'asc' }),
    rowAttrs: (c) => ({ 'data-country': c.country }),
    columns: [
      {
        key: 'state',
        label: 'State',
        rowHeader: true,
        sort: (c) => countryName(c.country),
        cell: (c) => h('a', { href: routeHref('opinions', { country: c.country }) }, countryName(c.country)),
      },
      { key: 'opinions', label: 'Opinions', numeric: true, sort: (c) => c.opinions, cell: (c) => c.opinions },
      { key: 'status', label: 'By status', sort: (c) => c.notImplemented / (c.opinions || 1), cell: statusCell },
      { key: 'grades', label: 'By grade', cell: gradeCell },
      {
        key: 'median',
        label: 'Median days outstanding',
        numeric: true,
        sort: (c) => c.medianDaysOutstanding?.max ?? -1,
        cell: (c) => (c.medianDaysOutstanding ? h('span', { class: 'days' }, dayRange(c.medianDaysOutstanding)) : '—'),
      },
      {
        key: 'inquiries',
        label: 'Unanswered inquiries',
        numeric: true,
        sort: (c) => c.unansweredInquiries,
        cell: (c) => c.unansweredInquiries,
      },
    ],
  });
  const load = async () => {
    const answer = await api.get<CountryView[]>('/countries', { asOf: day });
    context.seen(answer.checkpoint);
    table.show(answer.body);
  };
  await load();
  root.append(
    h('h1', {}, 'States'),
    h(
      'p',
      { class: 'lede' },
      'Each state’s UN opinions by implementation status and by follow-up grade (A implemented … E contrary measures), ',
      'and the median number of days its outstanding calls have waited.',
    ),
    h('div', { class: 'table-wrap' }, table.element),
  );
  return { title: 'States', refresh: load, concerns: isCaseEvent };
};

function statusCell(c: CountryView) {
  return h(
    'div',
    { class: 'bar-cell' },
    stackedBar([
      { label: 'not implemented', value: c.notImplemented, className: 'status-not_implemented' },
      { label: 'partially implemented', value: c.partiallyImplemented, className: 'status-partially_implemented' },
      { label: 'implemented', value: c.implemented, className: 'status-implemented' },
    ]),
    h(
      'span',
      { class: 'sub' },
      `${c.notImplemented} not · ${c.partiallyImplemented} partially · ${c.implemented} implemented`,
    ),
  );
}

function gradeCell(c: CountryView) {
  return h(
    'div',
    { class: 'bar-cell' },
    stackedBar(GRADES.map((g) => ({ label: `grade ${g}`, value: c.grades[g], className: `grade-fill-${g}` }))),
    h(
      'span',
      { class: 'sub' },
      GRADES.filter((g) => c.grades[g] > 0).map((g, i) => [i ? ' ' : '', gradeBadge(g), ` × ${c.grades[g]}`]),
    ),
  );
}
