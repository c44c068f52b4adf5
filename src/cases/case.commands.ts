import type { CaseCommandAsked } from '../../domain/case/case.decider';
import type { RecordingContext } from './case-recorder';

/** The CommandBus message: the decider's command as asked, and who asks. */
export class RecordCaseCommand {
  constructor(
    readonly command: CaseCommandAsked,
    readonly context: RecordingContext,
  ) {}
}
