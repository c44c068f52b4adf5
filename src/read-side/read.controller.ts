import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { Day } from '../../projections/dates/calendar-day';
import { RequiresAccess } from '../auth/access';
import { CaseIdPipe } from '../cases/dto/request-bodies';
import { Clock } from '../time/clock';
import { AsOfPipe } from './as-of.pipe';
import { CachedAnswer } from './cached-answer';
import { GetCase, GetOpinion, ListAuthorities, ListCases, ListCountries, ListOpinions } from './read.queries';

/** The projections over HTTP, each as of a day (default: today), with the checkpoint it reflects. */
@Controller()
@RequiresAccess('read')
export class ReadController {
  constructor(
    private readonly queries: QueryBus,
    private readonly answers: CachedAnswer,
    private readonly clock: Clock,
  ) {}

  @Get('cases')
  cases(@Query('asOf', AsOfPipe) asOf: Day | undefined, @Res() response: Response) {
    return this.answers.send(response, `cases:${asOf ?? ''}`, () => this.queries.execute(new ListCases(asOf)));
  }

  @Get('cases/:caseId')
  case(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query('asOf', AsOfPipe) asOf: Day | undefined,
    @Res() response: Response,
  ) {
    return this.answers.send(response, `case:${caseId}:${asOf ?? ''}`, () =>
      this.queries.execute(new GetCase(caseId, asOf)),
    );
  }

  @Get('opinions')
  opinions(@Query('asOf', AsOfPipe) asOf: Day | undefined, @Res() response: Response) {
    const day = this.day(asOf);
    return this.answers.send(response, `opinions:${day}`, () => this.queries.execute(new ListOpinions(day)));
  }

  @Get('opinions/:opinionId')
  opinion(
    @Param('opinionId') opinionId: string,
    @Query('asOf', AsOfPipe) asOf: Day | undefined,
    @Res() response: Response,
  ) {
    const day = this.day(asOf);
    return this.answers.send(response, `opinion:${opinionId}:${day}`, () =>
      this.queries.execute(new GetOpinion(opinionId, day)),
    );
  }

  @Get('authorities')
  authorities(@Query('asOf', AsOfPipe) asOf: Day | undefined, @Res() response: Response) {
    const day = this.day(asOf);
    return this.answers.send(response, `authorities:${day}`, () => this.queries.execute(new ListAuthorities(day)));
  }

  @Get('countries')
  countries(@Query('asOf', AsOfPipe) asOf: Day | undefined, @Res() response: Response) {
    const day = this.day(asOf);
    return this.answers.send(response, `countries:${day}`, () => this.queries.execute(new ListCountries(day)));
  }

  /** Today moves at midnight in REPORTING_TIMEZONE; the cache key carries the day for that reason. */
  private day(asOf: Day | undefined): Day {
    return asOf ?? this.clock.todayDay();
  }
}
