import { Inject, Injectable, Optional } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  askedEvent,
  decide,
  withMetadata,
  type CaseCommandAsked,
  type CommandMetadata,
} from '../../domain/case/case.decider';
import { streamOfCase } from '../../domain/case/case.events';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { WrongExpectedRevisionError } from '../event-store/event-store.errors';
import {
  EVENT_STORE,
  type EventStore,
  type JsonObject,
  type JsonValue,
  type Position,
} from '../event-store/event-store.port';
import { ReadModels } from '../read-side/read-models';
import { Clock } from '../time/clock';
import { writeWithIdempotencyKey } from './write/idempotency';
import { loadCase } from './write/load-case';
import {
  NO_OPINION_RECORDS,
  opinionAdoptedIn,
  ReadSideOpinionRecords,
  type OpinionRecordsPort,
} from './write/opinion-records';
import { writeCase, type CaseStreamPort, type CaseWrite, type LoadedCase, type Written } from './write/write-case';

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

/** Records the commands of the API and the CommandBus through the one write path (write/write-case.ts). */
@Injectable()
export class CaseRecorder {
  private readonly writing = new Map<string, Promise<void>>();
  private readonly port: CaseStreamPort;
  /** How other cases record an opinion: the read side's index, or nothing without a read side. */
  private readonly opinionRecords: OpinionRecordsPort;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly clock: Clock,
    @Optional() readModels?: ReadModels,
  ) {
    // The read side's copy of the case file is the snapshot a write starts from.
    const snapshotOf = (caseId: string) => readModels?.document<LoadedCase['state']>(caseFilesProjection.name, caseId);
    this.opinionRecords = readModels ? new ReadSideOpinionRecords(readModels, store) : NO_OPINION_RECORDS;
    this.port = {
      load: (caseId, options) => loadCase(store, snapshotOf, caseId, options),
      append: (caseId, events, expectedRevision) =>
        store.appendToStream(streamOfCase(caseId), events, { expectedRevision }),
    };
  }

  /** The case as a write would find it (see loadCase). */
  load(caseId: string, options: { history?: boolean } = {}): Promise<LoadedCase> {
    return this.port.load(caseId, { history: options.history ?? false });
  }

  record(asked: CaseCommandAsked, context: RecordingContext): Promise<Recorded> {
    const { caseId } = asked.data;
    return this.oneAtATime(caseId, async () => {
      const write = this.writeOf(asked, context);
      const key = context.idempotencyKey;
      const written = key
        ? await writeWithIdempotencyKey(this.port, write, key, askedEvent(asked))
        : { ...(await writeCase(this.port, write)), replayed: false };
      return recordedOf(caseId, written);
    });
  }

  private writeOf(asked: CaseCommandAsked, context: RecordingContext): CaseWrite {
    const { caseId } = asked.data;
    return {
      caseId,
      expectedRevision: context.expectedRevision,
      decide: async ({ state }) => {
        if (context.expectedRevision !== undefined && context.expectedRevision !== state.revision) {
          const actual = state.revision < 0 ? 'no_stream' : state.revision;
          throw new WrongExpectedRevisionError(streamOfCase(caseId), context.expectedRevision, actual);
        }
        const metadata = await this.commandMetadata(asked);
        return decide(withMetadata(asked, metadata), state).map((event) => ({
          eventId: uuidv7(),
          type: event.type,
          data: event.data as unknown as JsonValue,
          metadata: this.metadata(context),
        }));
      },
    };
  }

  /** What the decider is told besides the command and the case: read once per attempt. */
  private async commandMetadata(asked: CaseCommandAsked): Promise<CommandMetadata> {
    const opinionId = asked.type === 'RecordCaseEvent' ? opinionAdoptedIn(asked.data.event) : undefined;
    const opinionElsewhere = opinionId && (await this.opinionRecords.recordsOf(opinionId, asked.data.caseId));
    const today = this.clock.today();
    return opinionElsewhere ? { today, opinionElsewhere } : { today };
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

  private metadata(context: RecordingContext): JsonObject {
    const metadata: JsonObject = {
      actor: context.actor,
      recordedAt: this.clock.now().toISOString(),
      source: context.source ?? 'api',
    };
    if (context.requestId) metadata.requestId = context.requestId;
    return metadata;
  }
}

function recordedOf(caseId: string, written: Written & { replayed: boolean }): Recorded {
  const last = written.appended[written.appended.length - 1];
  return {
    caseId,
    eventId: last.eventId,
    revision: written.revision,
    position: written.position!,
    replayed: written.replayed,
  };
}
