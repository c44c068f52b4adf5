import { BadRequestException, Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CaseFile } from '../../domain/case/case-file';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import type { Day } from '../../domain/calendar/calendar-day';
import { followUpSubmission } from '../../projections/follow-up/follow-up';
import { RequiresAccess } from '../auth/access';
import { ApiProblems } from '../problems/api-problems';
import { AsOfPipe } from '../read-side/as-of.pipe';
import { ReadModels } from '../read-side/read-models';
import { Clock } from '../time/clock';
import { followUpPage } from './follow-up.page';

/**
 * What the UN asks a source or a state to report after an opinion, from the recorded facts (docs/follow-up.md): JSON
 * for programs, and with `Accept: text/html` or `?format=html` the printable page an advocate attaches.
 */
@ApiTags('read models')
@ApiProblems(400, 404)
@Controller('opinions/:opinionId/follow-up')
@RequiresAccess('read')
export class FollowUpController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The follow-up submission of an opinion as of a day: JSON, or one printable HTML page' })
  @ApiParam({ name: 'opinionId', description: 'URL-encoded, e.g. A%2FHRC%2FWGAD%2F2021%2F33' })
  @ApiQuery({ name: 'asOf', required: false, schema: { type: 'string', format: 'date' } })
  @ApiQuery({
    name: 'format',
    required: false,
    enum: ['json', 'html'],
    description: 'html: the printable page (as does Accept: text/html); default JSON',
  })
  @ApiOkResponse({
    description: 'The five follow-up questions with their facts, inquiries and numbered sources',
    content: { 'application/json': { schema: { type: 'object' } }, 'text/html': { schema: { type: 'string' } } },
  })
  answer(
    @Param('opinionId') opinionId: string,
    @Query('asOf', AsOfPipe) asOf: Day | undefined,
    @Query('format') format: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): void {
    if (format !== undefined && format !== 'json' && format !== 'html') {
      throw new BadRequestException({ code: 'REQUEST.INVALID', message: ['format must be json or html'] });
    }
    const checkpoint = this.readModels.checkpoint();
    const submission = followUpSubmission(opinionId, this.caseFilesOf(opinionId), asOf ?? this.clock.todayDay());
    if (!submission) throw new NotFoundException({ code: 'OPINION.NOT_FOUND', message: `no opinion ${opinionId}` });
    response.setHeader('X-Checkpoint', checkpoint);
    response.setHeader('Vary', 'Accept');
    const html =
      format === 'html' || (format === undefined && request.accepts(['application/json', 'text/html']) === 'text/html');
    if (html) response.type('text/html; charset=utf-8').send(followUpPage(submission, checkpoint));
    else response.type('application/json').send(JSON.stringify(submission));
  }

  /** The whole files (memory holds summaries without sources) of the opened cases recording it, in caseId order. */
  private caseFilesOf(opinionId: string): CaseFile[] {
    const name = caseFilesProjection.name;
    const caseIds = [...this.readModels.all<CaseFile>(name).values()]
      .filter((file) => file.opened && file.opinions.some((o) => o.opinionId === opinionId))
      .map((file) => file.caseId)
      .sort();
    return caseIds.map((caseId) => this.readModels.document<CaseFile>(name, caseId)).filter((f) => f !== undefined);
  }
}
