import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseRecorder, type Recorded } from './case-recorder';
import { OpenCaseCommand, RecordCaseEventCommand } from './case.commands';

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand, Recorded> {
  constructor(private readonly recorder: CaseRecorder) {}

  execute({ caseId, opened, context }: OpenCaseCommand): Promise<Recorded> {
    return this.recorder.record(
      caseId,
      (today) => ({ type: 'OpenCase', data: { caseId, ...opened }, metadata: { today } }),
      context,
    );
  }
}

@CommandHandler(RecordCaseEventCommand)
export class RecordCaseEventHandler implements ICommandHandler<RecordCaseEventCommand, Recorded> {
  constructor(private readonly recorder: CaseRecorder) {}

  execute({ caseId, event, context }: RecordCaseEventCommand): Promise<Recorded> {
    return this.recorder.record(
      caseId,
      (today) => ({ type: 'RecordCaseEvent', data: { caseId, event }, metadata: { today } }),
      context,
    );
  }
}

export const CASE_COMMAND_HANDLERS = [OpenCaseHandler, RecordCaseEventHandler];
