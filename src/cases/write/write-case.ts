import type { CaseState } from '../../../domain/case/case.decider';
import type {
  AppendResult,
  EventToAppend,
  ExpectedRevision,
  Position,
  StoredEvent,
} from '../../event-store/event-store.port';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../../event-store/event-store.errors';

/** The case as a write finds it: its state, and the events read from its stream to make it. */
export interface LoadedCase {
  state: CaseState;
  /** Every stored event when loaded with `history`; otherwise only those read after a snapshot. */
  stored: StoredEvent[];
}

/** All a write asks of storage: the case as it stands, and an append at the revision it stood at. */
export interface CaseStreamPort {
  load(caseId: string, options: { history: boolean }): Promise<LoadedCase>;
  append(caseId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
}

export interface CaseWrite {
  caseId: string;
  /** The events to append, decided on the case as loaded, in order; none appends nothing. Throws to refuse. */
  decide(loaded: LoadedCase): EventToAppend[] | Promise<EventToAppend[]>;
  /** The client's revision: a race lost against it is the client's conflict, not retried. */
  expectedRevision?: number;
  /** Load every stored event (Idempotency-Keys and import ids are in their metadata), not a snapshot. */
  history?: boolean;
}

export interface Written {
  /** The case's last revision after the write. */
  revision: number;
  /** Position of the last event appended; absent when nothing was decided. */
  position?: Position;
  appended: EventToAppend[];
  /** False when nothing new was stored: nothing decided, or the same events were already there. */
  written: boolean;
}

/** Writers in other instances can win the race for a case many times in a row; each round is one load and one append. */
const MAX_ATTEMPTS = 30;

/**
 * The write path of every command: load the case, decide, append every event decided at the
 * revision loaded. A race lost to another writer is run again from the load, so the decision is
 * made on the case as it now is; one the client's own expected revision lost is its conflict.
 */
export async function writeCase(port: CaseStreamPort, write: CaseWrite): Promise<Written> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await port.load(write.caseId, { history: write.history ?? false });
    const { revision } = loaded.state;
    const events = await write.decide(loaded);
    if (events.length === 0) return { revision, appended: [], written: false };
    try {
      const expected = write.expectedRevision ?? (revision < 0 ? 'no_stream' : revision);
      const result = await port.append(write.caseId, events, expected);
      return {
        revision: result.nextExpectedRevision,
        position: result.position,
        appended: events,
        written: result.written,
      };
    } catch (error) {
      const lostRace = error instanceof WrongExpectedRevisionError && write.expectedRevision === undefined;
      if (!lostRace) throw error;
      // The client asked for no revision: a 409 would name one it never sent.
      if (attempt >= MAX_ATTEMPTS) {
        throw new StoreUnavailableError(`case ${write.caseId}: lost ${attempt} races in a row to other writers`);
      }
      await pauseBeforeRetry(attempt);
    }
  }
}

/** A random pause: two instances that keep colliding fall out of step, instead of one losing every round. */
export const pauseBeforeRetry = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50)));
