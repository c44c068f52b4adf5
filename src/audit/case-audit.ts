import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { evolveCaseFile, initialCaseFile, type CaseFile } from '../../domain/case/case-file';
import { isoFromDay, type Day } from '../../domain/calendar/calendar-day';
import { caseView } from '../../projections/views/case.view';
import { opinionViews } from '../../projections/views/opinion.view';
import { streamOfCase, type CaseEvent } from '../../domain/case/case.events';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../event-store/event-store.port';
import { StreamNotFoundError } from '../event-store/event-store.errors';
import { formatPosition } from '../event-store/position';
import { verifyStream, type VerifyResult } from './chain-check';

export interface HistoryEntry {
  revision: number;
  eventId: string;
  type: string;
  data: unknown;
  recordedAt: string;
  actor: unknown;
  sources: unknown;
  idempotencyKey?: unknown;
  requestId?: unknown;
  prevHash: unknown;
  hash: unknown;
  position: string;
  /** Revisions of the corrections that replace or withdraw this event. */
  correctedBy?: number[];
}

/** When the server recorded an event: the chained metadata's time, which a tamperer cannot move unseen. */
export const recordedAtOf = (event: StoredEvent): string =>
  typeof event.metadata.recordedAt === 'string' ? event.metadata.recordedAt : event.recordedAt.toISOString();

/** What auditors read: the stored history, bitemporal states, the chain check. */
@Injectable()
export class CaseAudit {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async events(caseId: string): Promise<StoredEvent[]> {
    try {
      return await this.store.readStream(streamOfCase(caseId));
    } catch (error) {
      if (error instanceof StreamNotFoundError)
        throw new NotFoundException({ code: 'CASE.NOT_FOUND', message: `no case ${caseId}` });
      throw error;
    }
  }

  async history(caseId: string): Promise<HistoryEntry[]> {
    const events = await this.events(caseId);
    const correctedBy = new Map<number, number[]>();
    for (const e of events) {
      if (e.type === 'EventCorrected') {
        const target = (e.data as { revision: number }).revision;
        correctedBy.set(target, [...(correctedBy.get(target) ?? []), e.revision]);
      }
    }
    return events.map((e) => ({
      revision: e.revision,
      eventId: e.eventId,
      type: e.type,
      data: e.data,
      recordedAt: recordedAtOf(e),
      actor: e.metadata.actor,
      sources: (e.data as { sources?: unknown }).sources ?? [],
      ...(e.metadata.idempotencyKey !== undefined ? { idempotencyKey: e.metadata.idempotencyKey } : {}),
      ...(e.metadata.requestId !== undefined ? { requestId: e.metadata.requestId } : {}),
      prevHash: e.metadata.prevHash,
      hash: e.metadata.hash,
      position: formatPosition(e.position),
      ...(correctedBy.has(e.revision) ? { correctedBy: correctedBy.get(e.revision) } : {}),
    }));
  }

  /**
   * The case as it was on `asOf` (facts that certainly occurred by then) as far as it was known at
   * `knownAt` (events recorded by then; later corrections not applied) — the same pure fold and
   * views as the read side.
   */
  async stateAt(caseId: string, today: Day, asOf?: Day, knownAt?: Date) {
    const events = (await this.events(caseId)).filter(
      (e) => !knownAt || Date.parse(recordedAtOf(e)) <= knownAt.getTime(),
    );
    const file = events.reduce<CaseFile>(
      (state, e) => evolveCaseFile(state, { type: e.type, data: e.data } as unknown as CaseEvent, e.revision),
      initialCaseFile(caseId),
    );
    const day = asOf ?? today;
    return {
      caseId,
      asOf: asOf === undefined ? null : isoFromDay(asOf),
      knownAt: knownAt?.toISOString() ?? null,
      revision: file.revision,
      eventsKnown: events.length,
      case: caseView(file, asOf),
      opinions: opinionViews([file], day),
    };
  }

  async verify(caseId: string): Promise<VerifyResult> {
    return verifyStream(this.store, streamOfCase(caseId), await this.events(caseId));
  }
}
