import { NotFoundException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CaseFile } from '../../domain/case/case-file';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import type { Day } from '../../domain/calendar/calendar-day';
import { authorityViews } from '../../projections/views/authority.view';
import { caseSummary, caseView } from '../../projections/views/case.view';
import { countryViews } from '../../projections/views/country.view';
import { opinionView, opinionViews } from '../../projections/views/opinion.view';
import { ReadModels } from './read-models';

/**
 * How many of each growing list (inquiries, sources, a person's custody facts) a case page shows: the most recently
 * recorded. At 10,000 events a case's page stays under 100 kB; the rest is in GET /cases/{caseId}/history.
 */
export const CASE_PAGE_LISTS = 100;

/** QueryBus messages of the read side: each names what it shows and as of which day. */
export class ListCases {
  constructor(readonly asOf?: Day) {}
}
export class GetCase {
  constructor(
    readonly caseId: string,
    readonly asOf?: Day,
  ) {}
}
export class ListOpinions {
  constructor(readonly asOf: Day) {}
}
export class GetOpinion {
  constructor(
    readonly opinionId: string,
    readonly asOf: Day,
  ) {}
}
export class ListAuthorities {
  constructor(readonly asOf: Day) {}
}
export class ListCountries {
  constructor(readonly asOf: Day) {}
}

/**
 * Opened cases in caseId order: the views take the first case of an opinion as its reference, so
 * the order must not depend on whether documents came from memory or from the file.
 */
const openedFiles = (readModels: ReadModels): CaseFile[] =>
  [...readModels.all<CaseFile>(caseFilesProjection.name).values()]
    .filter((file) => file.opened)
    .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));

@QueryHandler(ListCases)
export class ListCasesHandler implements IQueryHandler<ListCases> {
  constructor(private readonly readModels: ReadModels) {}
  async execute({ asOf }: ListCases) {
    return openedFiles(this.readModels).map((file) => caseSummary(file, asOf));
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
  constructor(private readonly readModels: ReadModels) {}
  async execute({ asOf }: ListOpinions) {
    return opinionViews(openedFiles(this.readModels), asOf);
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
  constructor(private readonly readModels: ReadModels) {}
  async execute({ asOf }: ListAuthorities) {
    return authorityViews(openedFiles(this.readModels), asOf);
  }
}

@QueryHandler(ListCountries)
export class ListCountriesHandler implements IQueryHandler<ListCountries> {
  constructor(private readonly readModels: ReadModels) {}
  async execute({ asOf }: ListCountries) {
    return countryViews(openedFiles(this.readModels), asOf);
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
