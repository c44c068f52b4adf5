import { Controller, Get, Inject, NotFoundException, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequiresAccess, roleAllows } from '../../auth/access';
import type { AuthenticatedRequest } from '../../auth/auth.guard';
import { streamOfCase } from '../../../domain/case/case.events';
import { CaseIdPipe } from '../../http/case-id.pipe';
import { ApiProblems } from '../../problems/api-problems';
import { StreamNotFoundError } from '../../event-store/event-store.errors';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import type { EventForms, Session, Workbench } from '../web/forms/form-types';
import { caseWorkbench } from './case-workbench';
import { eventForms } from './event-forms';

/** What the dashboard's recording forms read: their description, the key's role, and one case's facts. */
@ApiTags('dashboard')
@Controller('dashboard')
export class WorkbenchController {
  /** Derived once: the DTOs do not change while the server runs. */
  private readonly forms = eventForms();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('forms')
  @RequiresAccess('public')
  @ApiOperation({ summary: "The recording forms, derived from the request DTOs' validation rules" })
  @ApiOkResponse({ description: '{ openCase: [field], events: { [type]: [field] } }', schema: { type: 'object' } })
  eventForms(): EventForms {
    return this.forms;
  }

  @Get('session')
  @RequiresAccess('read')
  @ApiOperation({ summary: "The key's role and name, so the page offers write controls only to those who may write" })
  @ApiOkResponse({ description: '{ role, name, canRecord }', schema: { type: 'object' } })
  session(@Req() request: AuthenticatedRequest): Session {
    const principal = request.principal;
    if (!principal) return { role: null, name: null, canRecord: false };
    return { role: principal.role, name: principal.name, canRecord: roleAllows(principal.role, 'record') };
  }

  @Get('cases/:caseId/workbench')
  @RequiresAccess('record')
  @ApiOperation({ summary: "One case's facts as they stand, and what the forms offer to choose from" })
  @ApiOkResponse({ description: '{ caseId, revision, facts, lists, sources }', schema: { type: 'object' } })
  @ApiProblems(400, 404)
  async workbench(@Param('caseId', CaseIdPipe) caseId: string): Promise<Workbench> {
    try {
      return caseWorkbench(caseId, await this.store.readStream(streamOfCase(caseId)));
    } catch (error) {
      if (error instanceof StreamNotFoundError)
        throw new NotFoundException({ code: 'CASE.NOT_FOUND', message: `no case ${caseId}` });
      throw error;
    }
  }
}
