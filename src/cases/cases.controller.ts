import { Body, Controller, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequiresAccess } from '../auth/access';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ApiProblems } from '../problems/api-problems';
import { OPEN_CASE_BODY, RECORD_EVENT_BODY } from './dto/case-event.schemas';
import { CaseOpenedAnswerDto, EventRecordedAnswerDto } from './dto/answers.dtos';
import type { RequestWithId } from '../http/request-id.middleware';
import { ReadModels } from '../read-side/read-models';
import { RecordCaseCommand } from './case.commands';
import type { Recorded, RecordingContext } from './case-recorder';
import type { CaseEvent, CaseOpened } from '../../domain/case/case.events';
import { CaseIdPipe } from '../http/case-id.pipe';
import { OpenCasePipe, RecordEventPipe } from './dto/request-bodies';
import { idempotencyKeyOf } from './idempotency-key';

type Request = AuthenticatedRequest & RequestWithId;

const IDEMPOTENCY_KEY = ApiHeader({
  name: 'idempotency-key',
  required: false,
  description: 'Repeating a request with the same key and body answers the first result and stores nothing new',
});
const READ_SIDE_HEADERS = {
  'X-Checkpoint': { description: "The read models' position after the write", schema: { type: 'string' } },
  'X-Read-Side-Lagging': {
    description: '"true" when the read models had not applied the write when the answer left',
    schema: { type: 'string' },
  },
  'X-Request-Id': { description: 'The request id, stored in the event metadata', schema: { type: 'string' } },
};

@ApiTags('cases')
@Controller('cases')
@RequiresAccess('record')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a case: CaseOpened data plus the caseId' })
  @ApiBody({ schema: OPEN_CASE_BODY })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: CaseOpenedAnswerDto, headers: READ_SIDE_HEADERS })
  @ApiProblems(400, 409, 413, 422, 503)
  async open(
    @Body(OpenCasePipe) body: { caseId: string; opened: CaseOpened },
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<{ caseId: string; revision: number }> {
    const recorded = await this.commands.execute<RecordCaseCommand, Recorded>(
      new RecordCaseCommand(
        { type: 'OpenCase', data: { caseId: body.caseId, ...body.opened } },
        contextOf(request, key),
      ),
    );
    await this.readYourWrite(recorded, response);
    return { caseId: recorded.caseId, revision: recorded.revision };
  }

  @Post(':caseId/events')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record one event in a case: `type` picks the schema of `data`' })
  @ApiParam({ name: 'caseId', description: 'Lower-case letters, digits and hyphens, 2-64 characters' })
  @ApiBody({ schema: RECORD_EVENT_BODY })
  @IDEMPOTENCY_KEY
  @ApiCreatedResponse({ type: EventRecordedAnswerDto, headers: READ_SIDE_HEADERS })
  @ApiProblems(400, 404, 409, 413, 422, 503)
  async record(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body(RecordEventPipe) body: { event: CaseEvent; expectedRevision?: number },
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<{ caseId: string; eventId: string; revision: number }> {
    const context = { ...contextOf(request, key), expectedRevision: body.expectedRevision };
    const recorded = await this.commands.execute<RecordCaseCommand, Recorded>(
      new RecordCaseCommand({ type: 'RecordCaseEvent', data: { caseId, event: body.event } }, context),
    );
    await this.readYourWrite(recorded, response);
    return { caseId, eventId: recorded.eventId, revision: recorded.revision };
  }

  /**
   * Answers once the read models show the event, so a client that reads next sees its write;
   * past a bounded wait it answers anyway and says the read side lags.
   */
  private async readYourWrite(recorded: Recorded, response: Response): Promise<void> {
    const applied = await this.readModels.waitFor(recorded.position, READ_SIDE_WAIT_MS);
    if (!applied) response.setHeader('X-Read-Side-Lagging', 'true');
    response.setHeader('X-Checkpoint', this.readModels.checkpoint());
  }
}

const READ_SIDE_WAIT_MS = 2000;

function contextOf(request: Request, key: string | undefined): RecordingContext {
  return { actor: request.principal!.name, requestId: request.id, idempotencyKey: idempotencyKeyOf(key) };
}
