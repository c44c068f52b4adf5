import { Injectable } from '@nestjs/common';
import { pageOf, type Order } from '../../../projections/lists/paging';
import { ListCursors } from './list-cursor';
import type { ListPaging } from './list-query';

/** One page of a list (api.md, "Lists at scale"). */
export interface ListPage<Item> {
  items: Item[];
  /** How many rows the whole list has, with the same filters and search. */
  total: number;
  /** Asks for the next page as `cursor`; null on the last one. */
  nextCursor: string | null;
}

/** Rows already filtered and sorted, answered whole (no `limit`) or a page at a time. */
@Injectable()
export class ListAnswers {
  constructor(private readonly cursors: ListCursors) {}

  answer<Row, Item>(
    rows: readonly Row[],
    order: Order<Row>,
    request: ListPaging & { question: string },
    item: (row: Row) => Item,
  ): Item[] | ListPage<Item> {
    if (request.limit === undefined) return rows.map(item);
    const after = request.cursor === undefined ? undefined : this.cursors.read(request.question, request.cursor);
    const page = pageOf(rows, order, request.limit, after);
    return {
      items: page.items.map(item),
      total: page.total,
      nextCursor: page.after && this.cursors.issue(request.question, page.after),
    };
  }

  /** A list that keeps the order it comes in (by authority, by state): paged by place, each row named by `id`. */
  inOrder<Row>(rows: readonly Row[], id: (row: Row) => string, request: ListPaging & { question: string }) {
    const place = new Map(rows.map((row, i) => [row, i]));
    return this.answer(rows, { value: (row) => place.get(row)!, id, descending: false }, request, (row) => row);
  }

  /** Checks a cursor without answering (for lists that page by other means). */
  position(question: string, cursor: string) {
    return this.cursors.read(question, cursor);
  }

  issue(question: string, position: [string | number, string]): string {
    return this.cursors.issue(question, position);
  }
}
