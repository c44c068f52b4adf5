/**
 * GET /opinions as a list to filter, search, sort and page (api.md, "Lists at scale"): each opinion as of the day with
 * the values it is filtered and ordered by, worked out once per list rather than once per request.
 */
import type { Mechanism } from '../../domain/case/case.events';
import { searchText, matchesEvery } from '../search/search-text';
import { dateOf } from '../views/as-of';
import type { Grade, ImplementationStatus, OpinionView } from '../views/opinion.view';
import type { Order, SortValue } from './paging';

export const IMPLEMENTATION_STATUSES: readonly ImplementationStatus[] = [
  'not_implemented',
  'partially_implemented',
  'implemented',
];
export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'E'];

export interface OpinionRow {
  view: OpinionView;
  /** The opinion's symbol, mechanism and states, and the search keys of its cases. */
  key: string;
  /** The longest wait among its calls not yet implemented, by its upper bound; 0 when all are implemented. */
  daysOutstanding: number;
  /** The first day the adoption may have been. */
  adoptedOn: number;
}

/** The orders GET /opinions?sort= offers, each by one value of the row; `-name` reverses it. */
export const OPINION_SORTS = {
  daysOutstanding: (row: OpinionRow) => row.daysOutstanding,
  adoptedOn: (row: OpinionRow) => row.adoptedOn,
  opinionId: (row: OpinionRow) => row.view.opinionId,
  mechanism: (row: OpinionRow) => row.view.mechanism,
  country: (row: OpinionRow) => row.view.countries.join(','),
  people: (row: OpinionRow) => row.view.people.length,
  // Least implemented first, then by grade: the order of the dashboard's status column.
  status: (row: OpinionRow) => IMPLEMENTATION_STATUSES.indexOf(row.view.status) * 10 + GRADES.indexOf(row.view.grade),
  followUpDueOn: (row: OpinionRow) => row.view.followUpDueOn.earliest,
} satisfies Record<string, (row: OpinionRow) => SortValue>;
export type OpinionSort = keyof typeof OPINION_SORTS;

/** Unpaged answers have always come oldest adoption first: the order without `sort`. */
export const DEFAULT_OPINION_SORT: OpinionSort = 'adoptedOn';

export function opinionOrder(sort: OpinionSort, descending: boolean): Order<OpinionRow> {
  return { value: OPINION_SORTS[sort], id: (row) => row.view.opinionId, descending };
}

export interface OpinionFilter {
  status?: readonly ImplementationStatus[];
  grade?: readonly Grade[];
  mechanism?: readonly Mechanism[];
  country?: readonly string[];
  overdue?: boolean;
  /** Search words in searchable form (searchWords): each must be found in the row's key. */
  words?: readonly string[];
}

/**
 * `searchKeyOf`: a case's search key (case-search.projection.ts). `stateWords`: a state's code and English name in
 * searchable form, so that `kazakhstan` finds the opinions about KZ (a few hundred states among thousands of opinions:
 * the caller keeps them made).
 */
export function opinionRows(
  views: readonly OpinionView[],
  searchKeyOf: (caseId: string) => string | undefined,
  stateWords: (code: string) => string,
): OpinionRow[] {
  return views.map((view) => {
    let daysOutstanding = 0;
    for (const call of view.calls) {
      if (call.daysOutstanding && call.daysOutstanding.max > daysOutstanding)
        daysOutstanding = call.daysOutstanding.max;
    }
    const key = [
      searchText(view.opinionId),
      view.mechanism.toLowerCase(),
      ...view.countries.map(stateWords),
      ...view.caseIds.map((caseId) => searchKeyOf(caseId) ?? searchText(caseId)),
    ].join(' ');
    return { view, key, daysOutstanding, adoptedOn: dateOf(view.occurredOn).first };
  });
}

export function filterOpinions(rows: readonly OpinionRow[], filter: OpinionFilter): OpinionRow[] {
  const { status, grade, mechanism, country, overdue, words } = filter;
  return rows.filter(
    ({ view, key }) =>
      (!status?.length || status.includes(view.status)) &&
      (!grade?.length || grade.includes(view.grade)) &&
      (!mechanism?.length || mechanism.includes(view.mechanism)) &&
      (!country?.length || view.countries.some((c) => country.includes(c))) &&
      (overdue === undefined || view.followUpOverdue === overdue) &&
      (!words?.length || matchesEvery(key, words)),
  );
}
