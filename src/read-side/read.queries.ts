import { NotFoundException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CaseFile } from '../../domain/case/case-file';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import type { Day } from '../../domain/calendar/calendar-day';
import { caseOrder, filterCases, type CaseFilter, type CaseSort } from '../../projections/lists/case-list';
import {
  filterOpinions,
  opinionOrder,
  type OpinionFilter,
  type OpinionSort,
} from '../../projections/lists/opinion-list';
import { caseView } from '../../projections/views/case.view';
import { opinionView } from '../../projections/views/opinion.view';
import { ListAnswers } from './lists/list-answer';
import type { ListPaging, ListRequest } from './lists/list-query';
import { ListRows, openedFiles } from './lists/list-rows';
import { ReadModels } from './read-models';

/**
 * How many of each growing list (inquiries, sources, a person's custody facts) a case page shows: the most recently
 * recorded. At 10,000 events a case's page stays under 100 kB; the rest is in GET /cases/{caseId}/history.
 */
export const CASE_PAGE_LISTS = 100;

/** QueryBus messages of the read side: each names what it shows and as of which day. */
export class ListCases {
  constructor(
    readonly asOf: Day | undefined,
    readonly request: ListRequest<CaseFilter, CaseSort>,
  ) {}
}
export class GetCase {
  constructor(
    readonly caseId: string,
    readonly asOf?: Day,
  ) {}
}
export class ListOpinions {
  constructor(
    readonly asOf: Day,
    readonly request: ListRequest<OpinionFilter, OpinionSort>,
  ) {}
}
export class GetOpinion {
  constructor(
    readonly opinionId: string,
    readonly asOf: Day,
  ) {}
}
export class ListAuthorities {
  constructor(
    readonly asOf: Day,
    readonly paging: ListPaging = {},
  ) {}
}
export class ListCountries {
  constructor(
    readonly asOf: Day,
    readonly paging: ListPaging = {},
  ) {}
}

@QueryHandler(ListCases)
export class ListCasesHandler implements IQueryHandler<ListCases> {
  constructor(
    private readonly rows: ListRows,
    private readonly answers: ListAnswers,
  ) {}
  async execute({ asOf, request }: ListCases) {
    const rows = filterCases(this.rows.cases(asOf, request.sort, request.descending), request.filter);
    return this.answers.answer(rows, caseOrder(request.sort, request.descending), request, (row) => row.summary);
  }
}

@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase> {
  constructor(private readonly readModels: ReadModels) {}
  async execute({ caseId, asOf }: GetCase) {
    // The whole case file: memory holds only summaries, and a case page shows everything.
    const file = this.readModels.document<CaseFile>(caseFilesProjection.name, caseId);
    if (!file?.opened) throw new NotFoundException({ code: 'CASE.NOT_FOUND', message: `no case ${caseId}` });
    return caseView(file, asOf, CASE_PAGE_LISTS);
  }
}

@QueryHandler(ListOpinions)
export class ListOpinionsHandler implements IQueryHandler<ListOpinions> {
  constructor(
    private readonly rows: ListRows,
    private readonly answers: ListAnswers,
  ) {}
  async execute({ asOf, request }: ListOpinions) {
    const rows = filterOpinions(this.rows.opinions(asOf, request.sort, request.descending), request.filter);
    return this.answers.answer(rows, opinionOrder(request.sort, request.descending), request, (row) => row.view);
  }
}

@QueryHandler(GetOpinion)
export class GetOpinionHandler implements IQueryHandler<GetOpinion> {
  constructor(private readonly readModels: ReadModels) {}
  async execute({ opinionId, asOf }: GetOpinion) {
    const files = openedFiles(this.readModels).filter((f) => f.opinions.some((o) => o.opinionId === opinionId));
    const view = opinionView(opinionId, files, asOf);
    if (!view) throw new NotFoundException({ code: 'OPINION.NOT_FOUND', message: `no opinion ${opinionId}` });
    return view;
  }
}

@QueryHandler(ListAuthorities)
export class ListAuthoritiesHandler implements IQueryHandler<ListAuthorities> {
  constructor(
    private readonly rows: ListRows,
    private readonly answers: ListAnswers,
  ) {}
  async execute({ asOf, paging }: ListAuthorities) {
    const question = JSON.stringify(['authorities']);
    return this.answers.inOrder(this.rows.authorities(asOf), (view) => view.authority, { ...paging, question });
  }
}

@QueryHandler(ListCountries)
export class ListCountriesHandler implements IQueryHandler<ListCountries> {
  constructor(
    private readonly rows: ListRows,
    private readonly answers: ListAnswers,
  ) {}
  async execute({ asOf, paging }: ListCountries) {
    const question = JSON.stringify(['countries']);
    return this.answers.inOrder(this.rows.countries(asOf), (view) => view.country, { ...paging, question });
  }
}

export const READ_QUERY_HANDLERS = [
  ListCasesHandler,
  GetCaseHandler,
  ListOpinionsHandler,
  GetOpinionHandler,
  ListAuthoritiesHandler,
  ListCountriesHandler,
];
