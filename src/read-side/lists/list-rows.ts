import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CaseFile } from '../../../domain/case/case-file';
import { caseFilesProjection } from '../../../projections/case-file/case-file.projection';
import type { Day } from '../../../domain/calendar/calendar-day';
import { caseRows, caseOrder, type CaseRow, type CaseSort } from '../../../projections/lists/case-list';
import type { CaseSummary } from '../../../projections/views/case.view';
import { opinionOrder, opinionRows, type OpinionRow, type OpinionSort } from '../../../projections/lists/opinion-list';
import { sortRows, type Order } from '../../../projections/lists/paging';
import { caseSearchProjection, type CaseSearch } from '../../../projections/search/case-search.projection';
import { searchText } from '../../../projections/search/search-text';
import { authorityViews, type AuthorityView } from '../../../projections/views/authority.view';
import { countryViewsFrom, type CountryView } from '../../../projections/views/country.view';
import type { OpinionView } from '../../../projections/views/opinion.view';
import { ListParts } from './list-parts';
import { Clock } from '../../time/clock';
import { ReadModels } from '../read-models';

/** Lists kept at once (a list as of one day is one): today's, and a few days a user looked back at. */
const LISTS_KEPT = 16;
/**
 * How often the start-up looks whether every summary is in memory yet, to make today's lists: often, since a reader
 * who comes meanwhile waits for them (a look costs nothing).
 */
const WARM_CHECK_MS = 20;

interface List<Row> {
  version: string;
  rows: Row[];
  /** The rows in each order asked for so far, sorted once per version. */
  sorted: Map<string, Row[]>;
}

/**
 * The lists as of a day, with what each row is filtered, searched and ordered by, worked out once per version of the
 * read models and kept: a page, a filter or a keystroke in a search box then costs a pass over rows already made
 * (10k opinions: about a millisecond), not the views computed again from every case file. A new version makes again
 * only the rows of what changed (list-parts.ts).
 */
@Injectable()
export class ListRows implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly lists = new Map<string, List<unknown>>();
  private readonly parts = new ListParts();
  /** Rows kept by the view or summary they were made from: a view made again gets its row made again. */
  private readonly opinionRowOf = new WeakMap<OpinionView, OpinionRow>();
  private readonly caseRowOf = new WeakMap<CaseSummary, CaseRow>();
  private warming?: NodeJS.Timeout;

  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  /**
   * Today's lists are made once every summary is in memory after a start, in the dashboard's orders, so the first
   * reader after a restart does not wait for them (at 10k opinions, a second or more of work).
   */
  onApplicationBootstrap(): void {
    this.warming = setInterval(() => {
      if (!this.readModels.loaded) return;
      clearInterval(this.warming);
      const today = this.clock.todayDay();
      // One list a turn of the event loop: a request that comes meanwhile is answered between them. What the opinions
      // view asks for comes first (its rows, its summary's longest wait, the states of its filter), then the cases.
      const steps = [
        () => this.opinions(today, 'adoptedOn', false),
        () => this.opinions(today, 'daysOutstanding', true),
        () => this.countries(today),
        () => this.cases(today, 'title', false),
      ];
      const next = () => {
        steps.shift()?.();
        if (steps.length > 0) setImmediate(next).unref();
      };
      next();
    }, WARM_CHECK_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.warming);
  }

  opinions(day: Day, sort: OpinionSort, descending: boolean): OpinionRow[] {
    const list = this.list(`opinions:${day}`, () => {
      const search = this.searchKeys();
      return this.parts.opinionViews(openedFiles(this.readModels), day).map((view) => {
        let row = this.opinionRowOf.get(view);
        if (!row) this.opinionRowOf.set(view, (row = opinionRows([view], search, stateWords)[0]));
        return row;
      });
    });
    return this.sorted(list, opinionOrder(sort, descending), `${sort}:${descending}`);
  }

  cases(asOf: Day | undefined, sort: CaseSort, descending: boolean): CaseRow[] {
    const list = this.list(`cases:${asOf ?? ''}`, () => {
      const search = this.searchKeys();
      return this.parts.summaries(openedFiles(this.readModels), asOf).map((summary) => {
        let row = this.caseRowOf.get(summary);
        if (!row) this.caseRowOf.set(summary, (row = caseRows([summary], search)[0]));
        return row;
      });
    });
    return this.sorted(list, caseOrder(sort, descending), `${sort}:${descending}`);
  }

  authorities(day: Day): AuthorityView[] {
    return this.list(`authorities:${day}`, () => authorityViews(openedFiles(this.readModels), day)).rows;
  }

  countries(day: Day): CountryView[] {
    return this.list(`countries:${day}`, () => {
      const files = openedFiles(this.readModels);
      return countryViewsFrom(this.parts.counts(files, day), this.parts.opinionViews(files, day));
    }).rows;
  }

  private list<Row>(name: string, make: () => Row[]): List<Row> {
    // Every event that changes a search key changes its case file too: the case files' version covers both.
    const version = `${this.readModels.versionOf(caseFilesProjection.name)}`;
    let list = this.lists.get(name) as List<Row> | undefined;
    if (!list || list.version !== version) list = { version, rows: make(), sorted: new Map() };
    // Kept least recently used first: the oldest goes when there are too many.
    this.lists.delete(name);
    if (this.lists.size >= LISTS_KEPT) this.lists.delete(this.lists.keys().next().value!);
    this.lists.set(name, list as List<unknown>);
    return list;
  }

  private sorted<Row>(list: List<Row>, order: Order<Row>, name: string): Row[] {
    let rows = list.sorted.get(name);
    if (!rows) list.sorted.set(name, (rows = sortRows(list.rows, order)));
    return rows;
  }

  private searchKeys(): (caseId: string) => string | undefined {
    const docs = this.readModels.all<CaseSearch>(caseSearchProjection.name);
    return (caseId) => docs.get(caseId)?.key;
  }
}

/**
 * Opened cases in caseId order: the views take the first case of an opinion as its reference, so the order must not
 * depend on whether documents came from memory or from the file.
 */
export const openedFiles = (readModels: ReadModels): CaseFile[] =>
  [...readModels.all<CaseFile>(caseFilesProjection.name).values()]
    .filter((file) => file.opened)
    .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));

let regions: Intl.DisplayNames | undefined;
const wordsOfStates = new Map<string, string>();

/** A state's code and English name, searchable, so that `kazakhstan` finds what concerns KZ: made once per state. */
function stateWords(code: string): string {
  let words = wordsOfStates.get(code);
  if (words === undefined) wordsOfStates.set(code, (words = searchText(`${code} ${countryName(code)}`)));
  return words;
}

function countryName(code: string): string {
  try {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}
