/**
 * Lists in the order a client asks for, a page at a time (api.md, "Lists at scale"). Each row has a sort value and an
 * id unique in its list; rows are ordered by the value (ascending or descending), then by the id, so the order is total
 * and a page can continue after the last row of the one before ("keyset" paging): a row recorded meanwhile does not
 * shift the next page by one, as an offset would.
 */
import { compareText } from '../views/as-of';

export type SortValue = string | number;

export interface Order<Row> {
  value(row: Row): SortValue;
  id(row: Row): string;
  descending: boolean;
}

/** Where a page ended: the last row's sort value and id. */
export type Position = [value: SortValue, id: string];

export interface Page<Row> {
  items: Row[];
  total: number;
  /** Where the next page starts; null on the last page. */
  after: Position | null;
}

const compareValues = (a: SortValue, b: SortValue): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : compareText(String(a), String(b));

export function comparer<Row>(order: Order<Row>): (a: Row, b: Row) => number {
  const sign = order.descending ? -1 : 1;
  return (a, b) => sign * compareValues(order.value(a), order.value(b)) || compareText(order.id(a), order.id(b));
}

export function sortRows<Row>(rows: readonly Row[], order: Order<Row>): Row[] {
  return [...rows].sort(comparer(order));
}

/** `sorted` in `order`; the page of `limit` rows after `after` (from the first without it). */
export function pageOf<Row>(sorted: readonly Row[], order: Order<Row>, limit: number, after?: Position): Page<Row> {
  const start = after === undefined ? 0 : firstAfter(sorted, order, after);
  const items = sorted.slice(start, start + limit);
  const last = items[items.length - 1];
  const more = start + items.length < sorted.length;
  return { items, total: sorted.length, after: more && last ? [order.value(last), order.id(last)] : null };
}

/** The index of the first row that comes after `position` in `order`: a binary search of the sorted rows. */
function firstAfter<Row>(sorted: readonly Row[], order: Order<Row>, [value, id]: Position): number {
  const sign = order.descending ? -1 : 1;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const row = sorted[middle];
    const c = sign * compareValues(order.value(row), value) || compareText(order.id(row), id);
    if (c <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
