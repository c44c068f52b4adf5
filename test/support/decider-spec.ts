import {
  decide,
  evolve,
  initialState,
  type CaseCommand,
  type CaseState,
  type CommandMetadata,
} from '../../domain/case/case.decider';
import { CaseRuleViolation, type CaseErrorCode } from '../../domain/case/case.errors';
import type { CaseEvent } from '../../domain/case/case.events';

/**
 * Given / when / then for the case decider, after Emmett's DeciderSpecification:
 *
 *   caseSpec.given([opened('ann')]).when(record(arrested('ann'))).then([arrested('ann')]);
 *   caseSpec.given([]).when(record(arrested('ann'))).thenThrows('CASE.NOT_FOUND');
 *
 * The given events are folded with `evolve` at revisions 0..n-1; the command's metadata defaults to
 * `today: 2023-09-26` (the worked example's day).
 */

export const TODAY = '2023-09-26';

/** A command whose metadata may be left out or given in part. */
export type SpecCommand = CaseCommand extends infer C
  ? C extends CaseCommand
    ? Omit<C, 'metadata'> & { metadata?: Partial<CommandMetadata> }
    : never
  : never;

export interface Then {
  /** The command is accepted and yields exactly these events. */
  then(expected: CaseEvent[]): void;
  /** The command is refused with a CaseRuleViolation of this code (and, when given, this field). */
  thenThrows(code: CaseErrorCode, field?: string): void;
}

/** Folds events, as if stored at revisions 0..n-1, into the decider's state. */
export function given(caseId: string, events: readonly CaseEvent[]): CaseState {
  return events.reduce((state, event, revision) => evolve(state, event, revision), initialState(caseId));
}

export function withMetadata(command: SpecCommand): CaseCommand {
  return { ...command, metadata: { today: TODAY, ...command.metadata } } as CaseCommand;
}

export const caseSpec = {
  given(events: readonly CaseEvent[]) {
    return {
      when(command: SpecCommand): Then {
        const run = () => decide(withMetadata(command), given(command.data.caseId, events));
        return {
          then(expected) {
            expect(run()).toEqual(expected);
          },
          thenThrows(code, field) {
            let outcome: unknown;
            try {
              outcome = { accepted: run() };
            } catch (error) {
              if (!(error instanceof CaseRuleViolation)) throw error;
              outcome = field === undefined ? { code: error.code } : { code: error.code, field: error.field };
            }
            expect(outcome).toEqual(field === undefined ? { code } : { code, field });
          },
        };
      },
    };
  },
};
