import { Body, Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RequiresAccess } from '../auth/access';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import type { RequestWithId } from '../http/request-id.middleware';
import { OpenCaseCommand, RecordCaseEventCommand } from './case.commands';
import type { Recorded, RecordingContext } from './case-recorder';
import type { CaseEvent, CaseOpened } from './case.events';
import { CaseIdPipe, OpenCasePipe, RecordEventPipe } from './dto/request-bodies';
import { idempotencyKeyOf } from './idempotency-key';

type Request = AuthenticatedRequest & RequestWithId;

@Controller('cases')
@RequiresAccess('record')
export class CasesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async open(
    @Body(OpenCasePipe) body: { caseId: string; opened: CaseOpened },
    @Req() request: Request,
    @Headers('idempotency-key') key?: string,
  ): Promise<{ caseId: string; revision: number }> {
    const recorded = await this.commands.execute<OpenCaseCommand, Recorded>(
      new OpenCaseCommand(body.caseId, body.opened, contextOf(request, key)),
    );
    return { caseId: recorded.caseId, revision: recorded.revision };
  }

  @Post(':caseId/events')
  @HttpCode(201)
  async record(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body(RecordEventPipe) body: { event: CaseEvent; expectedRevision?: number },
    @Req() request: Request,
    @Headers('idempotency-key') key?: string,
  ): Promise<{ caseId: string; eventId: string; revision: number }> {
    const context = { ...contextOf(request, key), expectedRevision: body.expectedRevision };
    const recorded = await this.commands.execute<RecordCaseEventCommand, Recorded>(
      new RecordCaseEventCommand(caseId, body.event, context),
    );
    return { caseId, eventId: recorded.eventId, revision: recorded.revision };
  }
}

function contextOf(request: Request, key: string | undefined): RecordingContext {
  return { actor: request.principal!.name, requestId: request.id, idempotencyKey: idempotencyKeyOf(key) };
}
