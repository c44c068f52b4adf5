import { Injectable } from '@nestjs/common';
import type { CaseFile } from '../../../domain/case/case-file';
import { caseFilesProjection } from '../../../projections/case-file/case-file.projection';
import type { Day } from '../../../domain/calendar/calendar-day';
import { caseRows, caseOrder, type CaseRow, type CaseSort } from '../../../projections/lists/case-list';
import { opinionOrder, opinionRows, type OpinionRow, type OpinionSort } from '../../../projections/lists/opinion-list';
import { sortRows, type Order } from '../../../projections/lists/paging';
import { caseSearchProjection, type CaseSearch } from '../../../projections/search/case-search.projection';
import { authorityViews, type AuthorityView } from '../../../projections/views/authority.view';
import { caseSummary } from '../../../projections/views/case.view';
import { countryViews, type CountryView } from '../../../projections/views/country.view';
import { opinionViews } from '../../../projections/views/opinion.view';
import { ReadModels } from '../read-models';

/** Lists kept at once (a list as of one day is one): today's, and a few days a user looked back at. */
const LISTS_KEPT = 16;

interface List<Row> {
  version: string;
  rows: Row[];
  /** The rows in each order asked for so far, sorted once per version. */
  sorted: Map<string, Row[]>;
}

/**
 * The lists as of a day, with what each row is filtered, searched and ordered by, worked out once per version of the
 * read models and kept: a page, a filter or a keystroke in a search box then costs a pass over rows already made
 * (10k opinions: about a millisecond), not the views computed again from every case file.
 */
@Injectable()
export class ListRows {
  private readonly lists = new Map<string, List<unknown>>();

  constructor(private readonly readModels: ReadModels) {}

  opinions(day: Day, sort: OpinionSort, descending: boolean): OpinionRow[] {
    const list = this.list(`opinions:${day}`, () => {
      const search = this.searchKeys();
      return opinionRows(opinionViews(openedFiles(this.readModels), day), search, countryName);
    });
    return this.sorted(list, opinionOrder(sort, descending), `${sort}:${descending}`);
  }

  cases(asOf: Day | undefined, sort: CaseSort, descending: boolean): CaseRow[] {
    const list = this.list(`cases:${asOf ?? ''}`, () => {
      const search = this.searchKeys();
      return caseRows(
        openedFiles(this.readModels).map((file) => caseSummary(file, asOf)),
        search,
      );
    });
    return this.sorted(list, caseOrder(sort, descending), `${sort}:${descending}`);
  }

  authorities(day: Day): AuthorityView[] {
    return this.list(`authorities:${day}`, () => authorityViews(openedFiles(this.readModels), day)).rows;
  }

  countries(day: Day): CountryView[] {
    return this.list(`countries:${day}`, () => countryViews(openedFiles(this.readModels), day)).rows;
  }

  private list<Row>(name: string, make: () => Row[]): List<Row> {
    // Every event that changes a search key changes its case file too: the case files' version covers both.
    const version = `${this.readModels.versionOf(caseFilesProjection.name)}`;
    let list = this.lists.get(name) as List<Row> | undefined;
    if (!list || list.version !== version) {
      list = { version, rows: make(), sorted: new Map() };
      this.lists.delete(name);
      if (this.lists.size >= LISTS_KEPT) this.lists.delete(this.lists.keys().next().value!);
    }
    this.lists.delete(name);
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

/** A state's English name, so that `kazakhstan` finds what concerns KZ. */
function countryName(code: string): string {
  try {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}
