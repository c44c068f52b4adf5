import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { Custody } from '../../../domain/case/custody';
import { CASE_SORTS, CUSTODY_STATES, type CaseFilter, type CaseSort } from '../../../projections/lists/case-list';
import {
  GRADES,
  IMPLEMENTATION_STATUSES,
  OPINION_SORTS,
  type OpinionFilter,
  type OpinionSort,
} from '../../../projections/lists/opinion-list';
import { searchWords } from '../../../projections/search/search-text';
import { MECHANISMS } from '../../../domain/case/case.events';

/** The largest page a list answers (api.md, "Lists at scale"). */
export const PAGE_MAX = 500;
const QUERY_MAX = 200;
const COUNTRY = /^[A-Z]{2}$/;

/** What every list takes: a page (`limit`, `cursor`), and for the lists that sort, the order. */
export interface ListPaging {
  /** Undefined: the whole list, as an array. */
  limit?: number;
  cursor?: string;
}

export interface ListRequest<Filter, Sort extends string> extends ListPaging {
  filter: Filter;
  sort: Sort;
  descending: boolean;
  /** Everything that decides which rows come in which order: what a cursor is bound to, and the answer cached by. */
  question: string;
}

/** Reads a query string's parameters, collecting every fault so the 400 names them all at once. */
export class QueryReader {
  readonly errors: string[] = [];

  constructor(private readonly raw: Record<string, unknown>) {}

  /** A parameter given at most once. */
  one(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    this.errors.push(`${name} may be given once`);
    return undefined;
  }

  /** A parameter that may repeat, each value one of `allowed` (or matching it). */
  many<T extends string>(name: string, allowed: readonly T[] | RegExp, what: string): T[] {
    const value = this.raw[name];
    if (value === undefined) return [];
    const values = (Array.isArray(value) ? value : [value]) as unknown[];
    const bad = values.filter(
      (v) => typeof v !== 'string' || (allowed instanceof RegExp ? !allowed.test(v) : !allowed.includes(v as T)),
    );
    if (bad.length > 0)
      this.errors.push(`${name} must be ${what} (got ${bad.map((v) => JSON.stringify(v)).join(', ')})`);
    return values.filter((v) => !bad.includes(v)) as T[];
  }

  boolean(name: string): boolean | undefined {
    const value = this.one(name);
    if (value === undefined) return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    this.errors.push(`${name} must be true or false`);
    return undefined;
  }

  paging(): ListPaging {
    const limit = this.one('limit');
    const cursor = this.one('cursor');
    const paging: ListPaging = {};
    if (limit !== undefined) {
      if (/^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= PAGE_MAX) paging.limit = Number(limit);
      else this.errors.push(`limit must be a whole number from 1 to ${PAGE_MAX}`);
    }
    if (cursor !== undefined) {
      if (limit === undefined) this.errors.push('cursor pages a list: give limit with it');
      else if (cursor.length === 0 || cursor.length > 1000) this.errors.push('cursor must be a nextCursor as answered');
      else paging.cursor = cursor;
    }
    return paging;
  }

  /** `sort=name` or `sort=-name` (descending), one of `sorts`. */
  sort<Sort extends string>(sorts: readonly Sort[], fallback: Sort): { sort: Sort; descending: boolean } {
    const value = this.one('sort');
    if (value === undefined) return { sort: fallback, descending: false };
    const name = value.replace(/^-/, '') as Sort;
    if (sorts.includes(name)) return { sort: name, descending: value.startsWith('-') };
    this.errors.push(`sort must be one of ${sorts.join(', ')}, each with a leading - for descending`);
    return { sort: fallback, descending: false };
  }

  /** `q`: the search words in searchable form. */
  words(): string[] {
    const q = this.one('q');
    if (q === undefined) return [];
    if (q.length > QUERY_MAX) {
      this.errors.push(`q must be at most ${QUERY_MAX} characters`);
      return [];
    }
    return searchWords(q);
  }

  /** Throws the 400 naming every fault, if any. */
  done(): void {
    if (this.errors.length > 0) throw new BadRequestException({ code: 'REQUEST.INVALID', message: this.errors });
  }
}

const question = (list: string, parts: Record<string, unknown>) => JSON.stringify([list, parts]);
const sorted = <T extends string>(values: T[]) => [...new Set(values)].sort();

/** GET /opinions: `status`, `grade`, `mechanism`, `country` (each may repeat), `overdue`, `sort`, `q`, and a page. */
export class OpinionListPipe implements PipeTransform<unknown, ListRequest<OpinionFilter, OpinionSort>> {
  transform(query: unknown): ListRequest<OpinionFilter, OpinionSort> {
    const read = new QueryReader((query ?? {}) as Record<string, unknown>);
    const paging = read.paging();
    const filter: OpinionFilter = {
      status: sorted(read.many('status', IMPLEMENTATION_STATUSES, `one of ${IMPLEMENTATION_STATUSES.join(', ')}`)),
      grade: sorted(read.many('grade', GRADES, `one of ${GRADES.join(', ')}`)),
      mechanism: sorted(read.many('mechanism', MECHANISMS, `one of ${MECHANISMS.join(', ')}`)),
      country: sorted(read.many('country', COUNTRY, 'an ISO 3166-1 alpha-2 code in capitals, e.g. KZ')),
      overdue: read.boolean('overdue'),
      words: read.words(),
    };
    const order = read.sort(Object.keys(OPINION_SORTS) as OpinionSort[], 'adoptedOn');
    read.done();
    return { ...paging, filter, ...order, question: question('opinions', { ...filter, ...order }) };
  }
}

/** GET /cases: `country` (may repeat), `custody` (may repeat: at least one person in one of them), `hasOpinion`, `sort`, `q`. */
export class CaseListPipe implements PipeTransform<unknown, ListRequest<CaseFilter, CaseSort>> {
  transform(query: unknown): ListRequest<CaseFilter, CaseSort> {
    const read = new QueryReader((query ?? {}) as Record<string, unknown>);
    const paging = read.paging();
    const filter: CaseFilter = {
      country: sorted(read.many('country', COUNTRY, 'an ISO 3166-1 alpha-2 code in capitals, e.g. KZ')),
      custody: sorted(read.many<Custody>('custody', CUSTODY_STATES, `one of ${CUSTODY_STATES.join(', ')}`)),
      hasOpinion: read.boolean('hasOpinion'),
      words: read.words(),
    };
    const order = read.sort(Object.keys(CASE_SORTS) as CaseSort[], 'caseId');
    read.done();
    return { ...paging, filter, ...order, question: question('cases', { ...filter, ...order }) };
  }
}

/** The lists that only page (authorities, countries): `limit` and `cursor`. */
export class PagingPipe implements PipeTransform<unknown, ListPaging> {
  transform(query: unknown): ListPaging {
    const read = new QueryReader((query ?? {}) as Record<string, unknown>);
    const paging = read.paging();
    read.done();
    return paging;
  }
}
