/**
 * A semantic table whose column headers sort it: buttons inside <th> (reachable by keyboard), `aria-sort` on the
 * sorted one. Each cell carries its column's name in `data-label`, which the narrow-screen layout shows beside it.
 */
import { h, type Child } from './dom.js';

export interface Column<T> {
  key: string;
  label: string;
  cell(row: T): Child;
  /** The value to sort by; a column without one does not sort. */
  sort?(row: T): string | number;
  /** Right-aligned, and sorted largest first on the first click. */
  numeric?: boolean;
  /** The cell that names the row (`<th scope="row">`). */
  rowHeader?: boolean;
}

export interface SortOrder {
  key: string;
  descending: boolean;
}

export interface TableOptions<T> {
  caption: string;
  columns: Column<T>[];
  order?: SortOrder;
  /** Told about every new order, e.g. to keep it in the URL. */
  onSort?(order: SortOrder): void;
  /** Shown in place of rows when there are none. */
  empty: string;
  rowAttrs?(row: T): Record<string, string>;
  /** The rows come in order from the server: a header click only reports the new order (to `onSort`), to ask again. */
  sortedByServer?: boolean;
}

export class SortableTable<T> {
  readonly element: HTMLTableElement;
  private readonly body = h('tbody');
  private readonly headers = new Map<string, HTMLTableCellElement>();
  private rows: T[] = [];
  private order: SortOrder | undefined;

  constructor(private readonly options: TableOptions<T>) {
    this.order = options.order;
    const head = h(
      'tr',
      {},
      options.columns.map((column) => {
        const th = h('th', { scope: 'col', class: column.numeric ? 'numeric' : undefined });
        if (column.sort) {
          th.append(h('button', { type: 'button', class: 'sort', onclick: () => this.sortBy(column) }, column.label));
        } else th.append(column.label);
        this.headers.set(column.key, th);
        return th;
      }),
    );
    this.element = h('table', { class: 'data' }, h('caption', {}, options.caption), h('thead', {}, head), this.body);
  }

  show(rows: T[]): void {
    this.rows = rows;
    const column = this.options.columns.find((c) => c.key === this.order?.key);
    const sorted =
      column?.sort && !this.options.sortedByServer ? [...rows].sort(comparer(column, this.order!.descending)) : rows;
    this.markOrder();
    this.body.replaceChildren(
      ...(sorted.length
        ? sorted.map((row) => this.row(row))
        : [h('tr', {}, h('td', { colspan: this.options.columns.length, class: 'empty' }, this.options.empty))]),
    );
  }

  private markOrder(): void {
    for (const [key, th] of this.headers) {
      if (key === this.order?.key) th.setAttribute('aria-sort', this.order.descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
  }

  private row(row: T): HTMLTableRowElement {
    return h(
      'tr',
      this.options.rowAttrs?.(row),
      this.options.columns.map((column) =>
        h(
          column.rowHeader ? 'th' : 'td',
          {
            scope: column.rowHeader ? 'row' : undefined,
            class: column.numeric ? 'numeric' : undefined,
            'data-label': column.label,
          },
          column.cell(row),
        ),
      ),
    );
  }

  private sortBy(column: Column<T>): void {
    const descending = this.order?.key === column.key ? !this.order.descending : Boolean(column.numeric);
    this.order = { key: column.key, descending };
    this.options.onSort?.(this.order);
    if (this.options.sortedByServer) this.markOrder();
    else this.show(this.rows);
  }
}

function comparer<T>(column: Column<T>, descending: boolean): (a: T, b: T) => number {
  const value = column.sort!;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return descending ? -order : order;
  };
}
