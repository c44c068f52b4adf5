import { Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import { evolveCaseFile, initialCaseFile, type CaseFile } from '../../domain/case/case-file';
import { isoFromDay, type Day } from '../../domain/calendar/calendar-day';
import { caseView } from '../../projections/views/case.view';
import { opinionViews } from '../../projections/views/opinion.view';
import { streamOfCase, type CaseEvent } from '../../domain/case/case.events';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../event-store/event-store.port';
import { StreamNotFoundError } from '../event-store/event-store.errors';
import { formatPosition } from '../event-store/position';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { ReadModels } from '../read-side/read-models';
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

/** One page of a case's history: `items` from `fromRevision` on; `nextFromRevision` asks for the next (null: none). */
export interface HistoryPage {
  items: HistoryEntry[];
  /** Events the case holds now. */
  total: number;
  nextFromRevision: number | null;
}

/** When the server recorded an event: the chained metadata's time, which a tamperer cannot move unseen. */
export const recordedAtOf = (event: StoredEvent): string =>
  typeof event.metadata.recordedAt === 'string' ? event.metadata.recordedAt : event.recordedAt.toISOString();

/** What auditors read: the stored history, bitemporal states, the chain check. */
@Injectable()
export class CaseAudit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly readModels?: ReadModels,
  ) {}

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
    return events.map(entryWith(correctionsIn(events)));
  }

  /**
   * `limit` events from `fromRevision` on, read as such from the store. Which of them were corrected comes from the
   * corrections the case file lists, and from the store's events recorded after the case file's revision (the read
   * side may be a few events behind): the page costs the same at the start of a long case as at its end.
   */
  async historyPage(caseId: string, fromRevision: number, limit: number): Promise<HistoryPage> {
    const head = await this.store.recordedHead?.(streamOfCase(caseId));
    const page = await this.readFrom(caseId, fromRevision, limit);
    if (page.length === 0 && !(await this.exists(caseId))) {
      throw new NotFoundException({ code: 'CASE.NOT_FOUND', message: `no case ${caseId}` });
    }
    const file = this.readModels?.document<CaseFile>(caseFilesProjection.name, caseId);
    const known = file?.caseId === caseId ? file.revision : -1;
    const corrections = correctionsIn(await this.readFrom(caseId, known + 1, Number.MAX_SAFE_INTEGER));
    for (const { revision, corrects } of file?.corrections ?? []) {
      corrections.set(
        corrects,
        [...(corrections.get(corrects) ?? []), revision].sort((a, b) => a - b),
      );
    }
    const last = page.at(-1)?.revision;
    const total = Math.max(head?.revision ?? -1, last ?? -1, known) + 1;
    return {
      items: page.map(entryWith(corrections)),
      total,
      nextFromRevision: last !== undefined && last + 1 < total ? last + 1 : null,
    };
  }

  private async readFrom(caseId: string, fromRevision: number, maxCount: number): Promise<StoredEvent[]> {
    return this.store.readStream(streamOfCase(caseId), { fromRevision, maxCount }).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    });
  }

  private async exists(caseId: string): Promise<boolean> {
    return (await this.readFrom(caseId, 0, 1)).length > 0;
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

/** By revision, the revisions of the corrections that replace or withdraw it, among these events. */
function correctionsIn(events: readonly StoredEvent[]): Map<number, number[]> {
  const correctedBy = new Map<number, number[]>();
  for (const e of events) {
    if (e.type === 'EventCorrected') {
      const target = (e.data as { revision: number }).revision;
      correctedBy.set(target, [...(correctedBy.get(target) ?? []), e.revision]);
    }
  }
  return correctedBy;
}

const entryWith =
  (correctedBy: ReadonlyMap<number, number[]>) =>
  (e: StoredEvent): HistoryEntry => ({
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
  });
