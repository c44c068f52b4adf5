/**
 * GET /cases as a list to filter, search, sort and page (api.md, "Lists at scale"): each case's summary as of the day
 * with the values it is filtered and ordered by.
 */
import type { Custody } from '../../domain/case/custody';
import { matchesEvery, searchText } from '../search/search-text';
import type { CaseSummary } from '../views/case.view';
import type { Order, SortValue } from './paging';

export const CUSTODY_STATES: readonly Custody[] = [
  'at_liberty',
  'detained',
  'imprisoned',
  'restricted_freedom',
  'released',
];
const IN_CUSTODY: ReadonlySet<Custody> = new Set(['detained', 'imprisoned', 'restricted_freedom']);

export interface CaseRow {
  summary: CaseSummary;
  /** The case's id, title, people's names and opinion symbols, in searchable form. */
  key: string;
  /** How many of its people are detained, imprisoned or in restricted freedom. */
  inCustody: number;
  /** The title as it sorts: without case, accents or script. */
  title: string;
}

export const CASE_SORTS = {
  caseId: (row: CaseRow) => row.summary.caseId,
  title: (row: CaseRow) => row.title,
  country: (row: CaseRow) => row.summary.country,
  inCustody: (row: CaseRow) => row.inCustody,
  opinions: (row: CaseRow) => row.summary.opinions.length,
} satisfies Record<string, (row: CaseRow) => SortValue>;
export type CaseSort = keyof typeof CASE_SORTS;

/** Unpaged answers have always come in caseId order: the order without `sort`. */
export const DEFAULT_CASE_SORT: CaseSort = 'caseId';

export function caseOrder(sort: CaseSort, descending: boolean): Order<CaseRow> {
  return { value: CASE_SORTS[sort], id: (row) => row.summary.caseId, descending };
}

export interface CaseFilter {
  country?: readonly string[];
  /** At least one of its people in one of these. */
  custody?: readonly Custody[];
  hasOpinion?: boolean;
  words?: readonly string[];
}

/** `searchKeyOf`: a case's search key (case-search.projection.ts). */
export function caseRows(
  summaries: readonly CaseSummary[],
  searchKeyOf: (caseId: string) => string | undefined,
): CaseRow[] {
  return summaries.map((summary) => ({
    summary,
    key: searchKeyOf(summary.caseId) ?? searchText(summary.caseId),
    inCustody: summary.subjects.filter((s) => IN_CUSTODY.has(s.custody)).length,
    title: searchText(summary.title),
  }));
}

export function filterCases(rows: readonly CaseRow[], filter: CaseFilter): CaseRow[] {
  const { country, custody, hasOpinion, words } = filter;
  return rows.filter(
    ({ summary, key }) =>
      (!country?.length || country.includes(summary.country)) &&
      (!custody?.length || summary.subjects.some((s) => custody.includes(s.custody))) &&
      (hasOpinion === undefined || summary.opinions.length > 0 === hasOpinion) &&
      (!words?.length || matchesEvery(key, words)),
  );
}
