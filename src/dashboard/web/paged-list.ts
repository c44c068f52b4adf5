/**
 * A list the server filters, sorts and pages (api.md, "Lists at scale"): the view says what to ask, this asks for one
 * page at a time, cancels the request in flight when a newer question comes (AbortController), and keeps the pager
 * (previous, next, which rows of how many). However long the list, the page holds one page of rows.
 */
import { isAbort, type Api } from './api.js';
import type { ListPage } from './api-types.js';
import { h } from './dom.js';

export interface PagedListOptions<T> {
  api: Api;
  path: string;
  pageSize: number;
  /** The question as it stands now: day, filters, search, order. */
  query(): Record<string, string | readonly string[] | undefined>;
  /** Draws a page once it has come. */
  show(page: ListPage<T>): void;
  /** Reports the checkpoint of an answer. */
  seen(checkpoint: string | undefined): void;
  /** What the rows are called: `opinions`, `cases`. */
  noun: string;
}

export class PagedList<T> {
  readonly pager: HTMLElement;
  private readonly range = h('span', { class: 'range', 'aria-live': 'polite' });
  private readonly previousButton = h('button', { type: 'button', 'data-page': 'previous' }, 'Previous');
  private readonly nextButton = h('button', { type: 'button', 'data-page': 'next' }, 'Next');
  /** The cursors of the pages before this one (undefined: the first page), and of this one. */
  private cursors: Array<string | undefined> = [];
  private cursor: string | undefined;
  private next: string | null = null;
  private inFlight?: AbortController;

  constructor(private readonly options: PagedListOptions<T>) {
    this.previousButton.addEventListener('click', () => void this.go(this.cursors.pop(), false).catch(report));
    this.nextButton.addEventListener('click', () => {
      if (this.next === null) return;
      this.cursors.push(this.cursor);
      void this.go(this.next, false).catch(report);
    });
    this.pager = h(
      'nav',
      { class: 'pager', 'aria-label': `Pages of ${options.noun}` },
      this.previousButton,
      this.range,
      this.nextButton,
    );
  }

  /** The first page of the question as it stands now (a filter or the search changed). */
  first(): Promise<void> {
    this.cursors = [];
    return this.go(undefined, true);
  }

  /** The page shown, asked again (something was recorded). */
  refresh(): Promise<void> {
    return this.go(this.cursor, true);
  }

  private async go(cursor: string | undefined, fresh: boolean): Promise<void> {
    this.inFlight?.abort();
    const controller = (this.inFlight = new AbortController());
    const { api, path, pageSize } = this.options;
    try {
      const answer = await api.get<ListPage<T>>(
        path,
        { ...this.options.query(), limit: String(pageSize), cursor },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      this.options.seen(answer.checkpoint);
      this.cursor = cursor;
      this.next = answer.body.nextCursor;
      this.options.show(answer.body);
      this.showRange(answer.body);
    } catch (error) {
      // A newer question took its place; a cursor from before a restart of the server starts the list again.
      if (isAbort(error)) return;
      if (!fresh && cursor !== undefined) return this.first();
      throw error;
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }

  private showRange(page: ListPage<T>): void {
    const from = this.cursors.length * this.options.pageSize;
    this.range.textContent =
      page.total === 0
        ? `No ${this.options.noun}`
        : `${count(from + 1)}–${count(from + page.items.length)} of ${count(page.total)}`;
    this.previousButton.disabled = this.cursors.length === 0;
    this.nextButton.disabled = this.next === null;
    this.pager.hidden = this.cursors.length === 0 && this.next === null;
  }
}

const count = (n: number): string => n.toLocaleString('en-GB');

const report = (error: unknown) => {
  if (!isAbort(error)) console.error(error);
};
