import type { CaseOpened, CaseEvent } from '../../domain/case/case.events';
import type { RecordingContext } from './case-recorder';

/** CommandBus messages: they carry the validated request and who asks; the decider does the rest. */
export class OpenCaseCommand {
  constructor(
    readonly caseId: string,
    readonly opened: CaseOpened,
    readonly context: RecordingContext,
  ) {}
}

export class RecordCaseEventCommand {
  constructor(
    readonly caseId: string,
    readonly event: CaseEvent,
    readonly context: RecordingContext,
  ) {}
}
