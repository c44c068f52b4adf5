import { BadRequestException, Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Day } from '../../domain/calendar/calendar-day';
import { RequiresAccess } from '../auth/access';
import { streamOfCase } from '../../domain/case/case.events';
import { CaseIdPipe } from '../http/case-id.pipe';
import { ApiProblems } from '../problems/api-problems';
import { HistoryEntryDto, HistoryPageDto, VerifyAnswerDto } from './audit.dtos';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { AsOfPipe } from '../read-side/as-of.pipe';
import { Clock } from '../time/clock';
import { CaseAudit } from './case-audit';
import { exportCase, exportCsv } from './case-export';
import { describeBreak } from './chain-check';
import { KnownAtPipe } from './known-at.pipe';
import { FromRevisionPipe, HISTORY_PAGE_MAX, HistoryLimitPipe } from './history-page.pipe';

@ApiTags('audit')
@ApiExtraModels(HistoryEntryDto, HistoryPageDto)
@ApiProblems(400, 404)
@Controller('cases/:caseId')
@RequiresAccess('audit')
export class AuditController {
  constructor(
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('history')
  @ApiOperation({
    summary: 'Every stored event of the case in order, with its metadata and corrections flagged',
    description:
      'Without fromRevision or limit: every event, as an array. With either: one page, ' +
      '`{ items, total, nextFromRevision }`, of at most `limit` events (default and most: ' +
      `${HISTORY_PAGE_MAX}) from revision \`fromRevision\` (default 0) on; nextFromRevision asks for the next page ` +
      '(null after the last).',
  })
  @ApiQuery({ name: 'fromRevision', required: false, schema: { type: 'integer', minimum: 0 } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: HISTORY_PAGE_MAX } })
  @ApiOkResponse({
    description: 'An array of HistoryEntry without paging parameters; a HistoryPage with them',
    schema: {
      oneOf: [
        { type: 'array', items: { $ref: getSchemaPath(HistoryEntryDto) } },
        { $ref: getSchemaPath(HistoryPageDto) },
      ],
    },
  })
  history(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query('fromRevision', FromRevisionPipe) fromRevision: number | undefined,
    @Query('limit', HistoryLimitPipe) limit: number | undefined,
  ) {
    if (fromRevision === undefined && limit === undefined) return this.audit.history(caseId);
    return this.audit.historyPage(caseId, fromRevision ?? 0, limit ?? HISTORY_PAGE_MAX);
  }

  @Get('state')
  @ApiOperation({
    summary: 'The case folded over events that occurred by asOf and, with knownAt, were recorded by then',
  })
  @ApiQuery({ name: 'asOf', required: false, schema: { type: 'string', format: 'date' } })
  @ApiQuery({
    name: 'knownAt',
    required: false,
    description: 'An ISO timestamp with a zone, or a date YYYY-MM-DD meaning the end of that day (UTC)',
    schema: { type: 'string' },
  })
  @ApiOkResponse({ description: 'The case view as of the day and knowledge time', schema: { type: 'object' } })
  state(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query('asOf', AsOfPipe) asOf: Day | undefined,
    @Query('knownAt', KnownAtPipe) knownAt: Date | undefined,
  ) {
    return this.audit.stateAt(caseId, this.clock.todayDay(), asOf, knownAt);
  }

  @Get('verify')
  @ApiOperation({ summary: "Check the case stream's tamper-evidence chain" })
  @ApiOkResponse({ type: VerifyAnswerDto })
  async verify(@Param('caseId', CaseIdPipe) caseId: string) {
    const result = await this.audit.verify(caseId);
    return result.ok
      ? { ...result, message: `${result.events} events verified` }
      : { ...result, message: describeBreak(result.break) };
  }

  @Get('export')
  @ApiOperation({ summary: 'The full history with its metadata and chain, as a JSON or CSV file' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({
    description: 'An attachment named after the case',
    content: {
      'application/json': { schema: { type: 'object' } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async export(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query('format') format: string | undefined,
    @Res() response: Response,
  ) {
    if (format !== undefined && format !== 'json' && format !== 'csv') {
      throw new BadRequestException({ code: 'REQUEST.INVALID', message: ['format must be json or csv'] });
    }
    const stream = streamOfCase(caseId);
    const exported = exportCase(
      caseId,
      stream,
      await this.audit.events(caseId),
      this.clock.now(),
      await this.store.recordedHead?.(stream),
    );
    response.setHeader('Content-Disposition', `attachment; filename="${caseId}.${format ?? 'json'}"`);
    if (format === 'csv') response.type('text/csv').send(exportCsv(exported));
    else response.type('application/json').send(JSON.stringify(exported, null, 2));
  }
}
