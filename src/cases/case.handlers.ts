import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseRecorder, type Recorded } from './case-recorder';
import { RecordCaseCommand } from './case.commands';

@CommandHandler(RecordCaseCommand)
export class RecordCaseCommandHandler implements ICommandHandler<RecordCaseCommand, Recorded> {
  constructor(private readonly recorder: CaseRecorder) {}

  execute({ command, context }: RecordCaseCommand): Promise<Recorded> {
    return this.recorder.record(command, context);
  }
}
