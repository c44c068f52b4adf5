import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Day } from '../../domain/calendar/calendar-day';
import { RequiresAccess } from '../auth/access';
import { ApiProblems } from '../problems/api-problems';
import { AuthorityViewDto, CaseSummaryDto, CaseViewDto, CountryViewDto, OpinionViewDto } from './view.dtos';
import { CaseIdPipe } from '../http/case-id.pipe';
import { Clock } from '../time/clock';
import { AsOfPipe } from './as-of.pipe';
import { IdentifierPipe } from './identifier.pipe';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { CachedAnswer } from './cached-answer';
import { GetCase, GetOpinion, ListAuthorities, ListCases, ListCountries, ListOpinions } from './read.queries';
import { CASE_LIST_QUERIES, listed, OPINION_LIST_QUERIES, PAGE_QUERIES } from './lists/list.docs';
import { CaseListPipe, OpinionListPipe, PagingPipe, type ListPaging, type ListRequest } from './lists/list-query';
import type { CaseFilter, CaseSort } from '../../projections/lists/case-list';
import type { OpinionFilter, OpinionSort } from '../../projections/lists/opinion-list';

/** Every answer here is computed from the case files alone. */
const CASE_FILES = caseFilesProjection.name;

const AS_OF = ApiQuery({
  name: 'asOf',
  required: false,
  description: 'A calendar date YYYY-MM-DD; default: today in REPORTING_TIMEZONE',
  schema: { type: 'string', format: 'date' },
});
const CHECKPOINT = {
  'X-Checkpoint': { description: "The read models' position this answer reflects", schema: { type: 'string' } },
};

/** The projections over HTTP, each as of a day (default: today), with the checkpoint it reflects. */
@ApiTags('read models')
@ApiExtraModels(CaseSummaryDto, OpinionViewDto, AuthorityViewDto, CountryViewDto)
@ApiProblems(400)
@Controller()
@RequiresAccess('read')
export class ReadController {
  constructor(
    private readonly queries: QueryBus,
    private readonly answers: CachedAnswer,
    private readonly clock: Clock,
  ) {}

  @Get('cases')
  @ApiOperation({ summary: "All cases with their people's custody and opinions; filtered, searched, sorted, paged" })
  @AS_OF
  @CASE_LIST_QUERIES
  @ApiOkResponse({ schema: listed(CaseSummaryDto), headers: CHECKPOINT })
  cases(
    @Query('asOf', AsOfPipe) asOf: Day | undefined,
    @Query(CaseListPipe) request: ListRequest<CaseFilter, CaseSort>,
    @Res() response: Response,
  ) {
    return this.answers.send(response, CASE_FILES, `cases:${asOf ?? ''}:${pageKey(request)}`, () =>
      this.queries.execute(new ListCases(asOf, request)),
    );
  }

  @Get('cases/:caseId')
  @ApiOperation({ summary: 'One case: its people, custody, opinions, inquiries and timeline' })
  @AS_OF
  @ApiOkResponse({ type: CaseViewDto, headers: CHECKPOINT })
  @ApiProblems(404)
  case(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query('asOf', AsOfPipe) asOf: Day | undefined,
    @Res() response: Response,
  ) {
    return this.answers.send(response, CASE_FILES, `case:${caseId}:${asOf ?? ''}`, () =>
      this.queries.execute(new GetCase(caseId, asOf)),
    );
  }

  @Get('opinions')
  @ApiOperation({
    summary:
      'Every opinion with its status, calls and day counts, one entry over all its cases; filtered, searched, sorted, paged',
  })
  @AS_OF
  @OPINION_LIST_QUERIES
  @ApiOkResponse({ schema: listed(OpinionViewDto), headers: CHECKPOINT })
  opinions(
    @Query('asOf', AsOfPipe) asOf: Day | undefined,
    @Query(OpinionListPipe) request: ListRequest<OpinionFilter, OpinionSort>,
    @Res() response: Response,
  ) {
    const day = this.day(asOf);
    return this.answers.send(response, CASE_FILES, `opinions:${day}:${pageKey(request)}`, () =>
      this.queries.execute(new ListOpinions(day, request)),
    );
  }

  @Get('opinions/:opinionId')
  @ApiOperation({ summary: 'One opinion' })
  @ApiParam({ name: 'opinionId', description: 'URL-encoded, e.g. A%2FHRC%2FWGAD%2F2021%2F33' })
  @AS_OF
  @ApiOkResponse({ type: OpinionViewDto, headers: CHECKPOINT })
  @ApiProblems(404)
  opinion(
    @Param('opinionId', IdentifierPipe) opinionId: string,
    @Query('asOf', AsOfPipe) asOf: Day | undefined,
    @Res() response: Response,
  ) {
    const day = this.day(asOf);
    return this.answers.send(response, CASE_FILES, `opinion:${opinionId}:${day}`, () =>
      this.queries.execute(new GetOpinion(opinionId, day)),
    );
  }

  @Get('authorities')
  @ApiOperation({ summary: 'Inquiries by the authority they went to' })
  @AS_OF
  @PAGE_QUERIES
  @ApiOkResponse({ schema: listed(AuthorityViewDto), headers: CHECKPOINT })
  authorities(
    @Query('asOf', AsOfPipe) asOf: Day | undefined,
    @Query(PagingPipe) paging: ListPaging,
    @Res() response: Response,
  ) {
    const day = this.day(asOf);
    return this.answers.send(response, CASE_FILES, `authorities:${day}:${pageKey(paging)}`, () =>
      this.queries.execute(new ListAuthorities(day, paging)),
    );
  }

  @Get('countries')
  @ApiOperation({ summary: 'Compliance by country' })
  @AS_OF
  @PAGE_QUERIES
  @ApiOkResponse({ schema: listed(CountryViewDto), headers: CHECKPOINT })
  countries(
    @Query('asOf', AsOfPipe) asOf: Day | undefined,
    @Query(PagingPipe) paging: ListPaging,
    @Res() response: Response,
  ) {
    const day = this.day(asOf);
    return this.answers.send(response, CASE_FILES, `countries:${day}:${pageKey(paging)}`, () =>
      this.queries.execute(new ListCountries(day, paging)),
    );
  }

  /** Today moves at midnight in REPORTING_TIMEZONE; the cache key carries the day for that reason. */
  private day(asOf: Day | undefined): Day {
    return asOf ?? this.clock.todayDay();
  }
}

/** The part of a list's cache key past its day: the question, the page size and where the page starts. */
const pageKey = (request: ListPaging & { question?: string }): string =>
  JSON.stringify([request.question ?? '', request.limit ?? null, request.cursor ?? null]);
