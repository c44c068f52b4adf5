import { evolve, fold, type CaseState } from '../../../domain/case/case.decider';
import { streamOfCase, type CaseEvent } from '../../../domain/case/case.events';
import { StreamNotFoundError } from '../../event-store/event-store.errors';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import type { LoadedCase } from './write-case';

/** Where a write may find the case already folded: the read side's copy of the case file. */
export type CaseSnapshots = (caseId: string) => CaseState | undefined;

/**
 * The case at its last revision. With `history`, from every stored event (their metadata is
 * needed to find an Idempotency-Key). Otherwise from a snapshot made by the same fold, and the
 * events stored after it: one document and a few events instead of the whole stream. A snapshot
 * the stream does not confirm (its last revision is not there) is not used. A store that records
 * each stream's head apart from its events confirms a snapshot of the whole stream without reading
 * an event.
 */
export async function loadCase(
  store: EventStore,
  snapshotOf: CaseSnapshots,
  caseId: string,
  options: { history: boolean },
): Promise<LoadedCase> {
  const snapshot = options.history ? undefined : usable(snapshotOf(caseId), caseId);
  if (snapshot) {
    const head = await store.recordedHead?.(streamOfCase(caseId));
    if (head?.revision === snapshot.revision) return { state: snapshot, stored: [] };
    const since = await readOrNone(store, caseId, snapshot.revision);
    if (since[0]?.revision === snapshot.revision) {
      const newer = since.slice(1);
      const state = newer.map(toCaseEvent).reduce((file, e) => evolve(file, e.event, e.revision), snapshot);
      return { state, stored: newer };
    }
  }
  const stored = await readOrNone(store, caseId, 'start');
  return { state: fold(caseId, stored.map(toCaseEvent)), stored };
}

const usable = (file: CaseState | undefined, caseId: string): CaseState | undefined =>
  file && file.caseId === caseId && file.revision >= 0 ? file : undefined;

const readOrNone = (store: EventStore, caseId: string, fromRevision: number | 'start'): Promise<StoredEvent[]> =>
  (fromRevision === 'start'
    ? store.readStream(streamOfCase(caseId))
    : store.readStream(streamOfCase(caseId), { fromRevision })
  ).catch((error: unknown) => {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  });

export const toCaseEvent = (stored: StoredEvent): { event: CaseEvent; revision: number } => ({
  event: { type: stored.type, data: stored.data } as unknown as CaseEvent,
  revision: stored.revision,
});
