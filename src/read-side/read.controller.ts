import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Day } from '../../domain/calendar/calendar-day';
import { RequiresAccess } from '../auth/access';
import { ApiProblems } from '../docs/api-problems';
import { AuthorityViewDto, CaseSummaryDto, CaseViewDto, CountryViewDto, OpinionViewDto } from '../docs/view.dtos';
import { CaseIdPipe } from '../cases/dto/request-bodies';
import { Clock } from '../time/clock';
import { AsOfPipe } from './as-of.pipe';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { CachedAnswer } from './cached-answer';
import { GetCase, GetOpinion, ListAuthorities, ListCases, ListCountries, ListOpinions } from './read.queries';

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
  @ApiOperation({ summary: "All cases with their people's custody and opinions" })
  @AS_OF
  @ApiOkResponse({ type: [CaseSummaryDto], headers: CHECKPOINT })
  cases(@Query('asOf', AsOfPipe) asOf: Day | undefined, @Res() response: Response) {
    return this.answers.send(response, CASE_FILES, `cases:${asOf ?? ''}`, () =>
      this.queries.execute(new ListCases(asOf)),
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
  @ApiOperation({ summary: 'Every opinion with its status, calls and day counts, one entry over all its cases' })
  @AS_OF
  @ApiOkResponse({ type: [OpinionViewDto], headers: CHECKPOINT })
  opinions(@Query('asOf', AsOfPipe) asOf: Day | undefined, @Res() response: Response) {
    const day = this.day(asOf);
    return this.answers.send(response, CASE_FILES, `opinions:${day}`, () =>
      this.queries.execute(new ListOpinions(day)),
    );
  }

  @Get('opinions/:opinionId')
  @ApiOperation({ summary: 'One opinion' })
  @ApiParam({ name: 'opinionId', description: 'URL-encoded, e.g. A%2FHRC%2FWGAD%2F2021%2F33' })
  @AS_OF
  @ApiOkResponse({ type: OpinionViewDto, headers: CHECKPOINT })
  @ApiProblems(404)
  opinion(
    @Param('opinionId') opinionId: string,
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
  @ApiOkResponse({ type: [AuthorityViewDto], headers: CHECKPOINT })
  authorities(@Query('asOf', AsOfPipe) asOf: Day | undefined, @Res() response: Response) {
    const day = this.day(asOf);
    return this.answers.send(response, CASE_FILES, `authorities:${day}`, () =>
      this.queries.execute(new ListAuthorities(day)),
    );
  }

  @Get('countries')
  @ApiOperation({ summary: 'Compliance by country' })
  @AS_OF
  @ApiOkResponse({ type: [CountryViewDto], headers: CHECKPOINT })
  countries(@Query('asOf', AsOfPipe) asOf: Day | undefined, @Res() response: Response) {
    const day = this.day(asOf);
    return this.answers.send(response, CASE_FILES, `countries:${day}`, () =>
      this.queries.execute(new ListCountries(day)),
    );
  }

  /** Today moves at midnight in REPORTING_TIMEZONE; the cache key carries the day for that reason. */
  private day(asOf: Day | undefined): Day {
    return asOf ?? this.clock.todayDay();
  }
}
