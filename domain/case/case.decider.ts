import { assertNever, evolveCaseFile, initialCaseFile, type CaseFile } from './case-file';
import type { CaseEvent, CaseOpened } from './case.events';
import { refuse } from './case.errors';
import { checkRules } from './case.rules';
import type { OpinionRecording } from './opinion-facts';

/**
 * The case decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState`. Its state is the case file, the same fold the read side uses, so a rule and a
 * projection never disagree on what a case holds. Refusals are CaseRuleViolation errors.
 */

export interface CommandMetadata {
  /** The server's today (YYYY-MM-DD, in REPORTING_TIMEZONE, or NOW): no date may be after it. */
  today: string;
  /**
   * For a command that records an opinion: the other cases' records of it, as the read side indexes them (best
   * effort: what it has not seen yet is not there). A record that disagrees with one of them is refused.
   */
  opinionElsewhere?: readonly OpinionRecording[];
}

export type OpenCase = { type: 'OpenCase'; data: CaseOpened & { caseId: string }; metadata: CommandMetadata };
export type RecordCaseEvent = {
  type: 'RecordCaseEvent';
  data: { caseId: string; event: CaseEvent };
  metadata: CommandMetadata;
};
export type CaseCommand = OpenCase | RecordCaseEvent;
/** A command as asked, before the write adds what the decider is told (today). */
export type CaseCommandAsked = Omit<OpenCase, 'metadata'> | Omit<RecordCaseEvent, 'metadata'>;

export const withMetadata = (asked: CaseCommandAsked, metadata: CommandMetadata): CaseCommand =>
  ({ ...asked, metadata }) as CaseCommand;

/** The event a command asks to record, as a stored one would read: what an Idempotency-Key's replay compares. */
export const askedEvent = (asked: CaseCommandAsked): CaseEvent => {
  if (asked.type === 'RecordCaseEvent') return asked.data.event;
  const { caseId: _caseId, ...opened } = asked.data;
  return { type: 'CaseOpened', data: opened };
};

export type CaseState = CaseFile;

export const initialState = (caseId: string): CaseState => initialCaseFile(caseId);

export const evolve = (state: CaseState, event: CaseEvent, revision: number): CaseState =>
  evolveCaseFile(state, event, revision);

export function decide(command: CaseCommand, state: CaseState): CaseEvent[] {
  switch (command.type) {
    case 'OpenCase': {
      if (state.revision >= 0) refuse('CASE.ALREADY_EXISTS', `case ${command.data.caseId} already exists`);
      const { caseId: _caseId, ...opened } = command.data;
      const event: CaseEvent = { type: 'CaseOpened', data: opened };
      checkRules(event, state, command.metadata.today);
      return [event];
    }
    case 'RecordCaseEvent': {
      const { event } = command.data;
      if (state.revision < 0 && event.type !== 'CaseOpened') {
        refuse('CASE.NOT_FOUND', `case ${command.data.caseId} does not exist; open it first`);
      }
      checkRules(event, state, command.metadata.today, command.metadata.opinionElsewhere);
      return [event];
    }
    default:
      return assertNever(command);
  }
}

/** Folds stored events, in revision order, into the decider's state. */
export const fold = (caseId: string, events: Iterable<{ event: CaseEvent; revision: number }>): CaseState => {
  let state = initialState(caseId);
  for (const { event, revision } of events) state = evolve(state, event, revision);
  return state;
};
