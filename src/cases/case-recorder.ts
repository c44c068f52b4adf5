import { Inject, Injectable, Optional } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import {
  EVENT_STORE,
  type EventStore,
  type JsonObject,
  type JsonValue,
  type Position,
  type StoredEvent,
} from '../event-store/event-store.port';
import {
  DuplicateEventIdError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.errors';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { ReadModels } from '../read-side/read-models';
import { Clock } from '../time/clock';
import { decide, evolve, fold, type CaseCommand, type CaseState } from '../../domain/case/case.decider';
import type { CaseEvent } from '../../domain/case/case.events';
import { streamOfCase } from '../../domain/case/case.events';
import { CaseRuleViolation } from '../../domain/case/case.errors';

export interface RecordingContext {
  actor: string;
  requestId?: string;
  idempotencyKey?: string;
  /** The client's expectation; without it a concurrent write is retried if the decision still holds. */
  expectedRevision?: number;
  source?: 'api' | 'import';
}

export interface Recorded {
  caseId: string;
  eventId: string;
  revision: number;
  position: Position;
  /** True when an Idempotency-Key matched an earlier request: nothing new was stored. */
  replayed: boolean;
}

const IDEMPOTENCY_NAMESPACE = '6f1c7a52-3d0e-4f7e-9d55-0c3b8f7e2a11';
/** Writers in other instances can win the race for a case many times in a row; each round is one read and one append. */
const MAX_ATTEMPTS = 30;

/** Load the case, fold it, decide, append at the revision read: the write path of every command. */
@Injectable()
export class CaseRecorder {
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    @Optional() private readonly readModels?: ReadModels,
  ) {}

  /**
   * The case at its last revision. With `history`, from every stored event (their metadata is
   * needed to find an Idempotency-Key). Otherwise from the read side's copy of the case file, a
   * snapshot made by the same fold, and the events stored after it: one document and a few events
   * instead of the whole stream. A snapshot the stream does not confirm (its last revision is not
   * there) is not used. A store that records each stream's head apart from its events confirms a
   * snapshot of the whole stream without reading an event.
   */
  async load(
    caseId: string,
    options: { history?: boolean } = {},
  ): Promise<{ state: CaseState; stored: StoredEvent[] }> {
    const snapshot = options.history ? undefined : this.snapshotOf(caseId);
    if (snapshot) {
      const head = await this.store.recordedHead?.(streamOfCase(caseId));
      if (head?.revision === snapshot.revision) return { state: snapshot, stored: [] };
      const since = await this.store
        .readStream(streamOfCase(caseId), { fromRevision: snapshot.revision })
        .catch((error: unknown) => {
          if (error instanceof StreamNotFoundError) return [];
          throw error;
        });
      if (since[0]?.revision === snapshot.revision) {
        const newer = since.slice(1);
        const state = newer.map(toCaseEvent).reduce((file, e) => evolve(file, e.event, e.revision), snapshot);
        return { state, stored: newer };
      }
    }
    const stored = await this.store.readStream(streamOfCase(caseId)).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    });
    const state = fold(caseId, stored.map(toCaseEvent));
    return { state, stored };
  }

  private snapshotOf(caseId: string): CaseState | undefined {
    const file = this.readModels?.document<CaseState>(caseFilesProjection.name, caseId);
    return file && file.caseId === caseId && file.revision >= 0 ? file : undefined;
  }

  record(caseId: string, command: (today: string) => CaseCommand, context: RecordingContext): Promise<Recorded> {
    return this.oneAtATime(caseId, () => this.recordNow(caseId, command, context));
  }

  /**
   * Writes to one case from this process run one after another, so they never make each other
   * retry (N simultaneous writers would need N attempts); writes from other processes are still
   * caught by the expected revision and retried.
   */
  private oneAtATime<T>(caseId: string, work: () => Promise<T>): Promise<T> {
    const result = (this.writing.get(caseId) ?? Promise.resolve()).then(work);
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    this.writing.set(caseId, done);
    void done.then(() => {
      if (this.writing.get(caseId) === done) this.writing.delete(caseId);
    });
    return result;
  }

  private async recordNow(
    caseId: string,
    command: (today: string) => CaseCommand,
    context: RecordingContext,
  ): Promise<Recorded> {
    const stream = streamOfCase(caseId);
    for (let attempt = 1; ; attempt++) {
      const { state, stored } = await this.load(caseId, { history: context.idempotencyKey !== undefined });
      const [event] = decideOrReplay(stored, command(this.clock.today()), state, context);
      if ('replayed' in event) return { caseId, ...event.replayed };
      const current = state.revision < 0 ? 'no_stream' : state.revision;
      const eventId = context.idempotencyKey
        ? uuidv5(`${caseId}\n${context.idempotencyKey}`, IDEMPOTENCY_NAMESPACE)
        : uuidv7();
      try {
        const result = await this.store.appendToStream(
          stream,
          [{ eventId, type: event.type, data: event.data as unknown as JsonValue, metadata: this.metadata(context) }],
          { expectedRevision: context.expectedRevision ?? current },
        );
        // A concurrent request with the same Idempotency-Key stored its event first: reload, so the
        // answer is that event's (or 422 when the bodies differ), never a success for this body.
        if (!result.written && context.idempotencyKey && attempt < MAX_ATTEMPTS) continue;
        return {
          caseId,
          eventId,
          revision: result.nextExpectedRevision,
          position: result.position,
          replayed: !result.written,
        };
      } catch (error) {
        const lostRace = error instanceof WrongExpectedRevisionError && context.expectedRevision === undefined;
        const retry = lostRace || (error instanceof DuplicateEventIdError && context.idempotencyKey !== undefined);
        if (retry && attempt < MAX_ATTEMPTS) {
          // A random pause: two instances that keep colliding fall out of step, instead of one losing every round.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50)));
          continue;
        }
        // The client asked for no revision: a 409 would name one it never sent.
        if (lostRace)
          throw new StoreUnavailableError(`case ${caseId}: lost ${attempt} races in a row to other writers`);
        throw error;
      }
    }
  }

  private metadata(context: RecordingContext): JsonObject {
    const metadata: JsonObject = {
      actor: context.actor,
      recordedAt: this.clock.now().toISOString(),
      source: context.source ?? 'api',
    };
    if (context.requestId) metadata.requestId = context.requestId;
    if (context.idempotencyKey) metadata.idempotencyKey = context.idempotencyKey;
    return metadata;
  }
}

type Decision = CaseEvent | { replayed: Omit<Recorded, 'caseId'> };

/** A request whose Idempotency-Key was seen answers the first result; otherwise the decider speaks. */
function decideOrReplay(
  stored: StoredEvent[],
  command: CaseCommand,
  state: CaseState,
  context: RecordingContext,
): Decision[] {
  const key = context.idempotencyKey;
  const prior = key === undefined ? undefined : stored.find((e) => e.metadata.idempotencyKey === key);
  if (prior) {
    const asked = command.type === 'OpenCase' ? openedEvent(command) : command.data.event;
    if (canonicalize(asked) !== canonicalize({ type: prior.type, data: prior.data })) {
      throw new CaseRuleViolation(
        'CASE.IDEMPOTENCY_KEY_REUSED',
        `Idempotency-Key ${key} was used for a different request`,
      );
    }
    return [
      { replayed: { eventId: prior.eventId, revision: prior.revision, position: prior.position, replayed: true } },
    ];
  }
  if (context.expectedRevision !== undefined && context.expectedRevision !== state.revision) {
    throw new WrongExpectedRevisionError(
      streamOfCase(state.caseId),
      context.expectedRevision,
      state.revision < 0 ? 'no_stream' : state.revision,
    );
  }
  return decide(command, state);
}

function openedEvent(command: Extract<CaseCommand, { type: 'OpenCase' }>): CaseEvent {
  const { caseId: _caseId, ...data } = command.data;
  return { type: 'CaseOpened', data };
}

export const toCaseEvent = (stored: StoredEvent): { event: CaseEvent; revision: number } => ({
  event: { type: stored.type, data: stored.data } as unknown as CaseEvent,
  revision: stored.revision,
});
