import type { ProjectionDefinition } from '../../projections/projection';
import type { Position, StoredEvent } from '../event-store/event-store.port';
import { comparePositions } from '../event-store/position';
import { documentChange, type DocumentChange } from './document-change';

export type Checkpoints = Map<string, Position>;

/** A projection's whole document as committed so far (undefined: none yet). */
export type DocumentSource = (definition: ProjectionDefinition<unknown>, key: string) => unknown;

export interface BatchResult {
  /** Per projection, the documents after the batch as the read side holds them (undefined: deleted). */
  documents: Map<string, Map<string, unknown>>;
  /** Per projection, the whole documents after the batch. */
  whole: Map<string, Map<string, unknown>>;
  changes: DocumentChange[];
  checkpoints: Array<{ projection: string; position: Position; version: number }>;
  position: Position;
}

/**
 * Runs a batch through every projection in order, without touching the live documents: the
 * result is applied only after it is committed. A projection skips what its checkpoint covers.
 */
export function applyBatch(
  definitions: ProjectionDefinition<unknown>[],
  current: DocumentSource,
  checkpoints: Checkpoints,
  events: StoredEvent[],
): BatchResult | undefined {
  if (events.length === 0) return undefined;
  const documents = new Map<string, Map<string, unknown>>();
  const whole = new Map<string, Map<string, unknown>>();
  const changes: DocumentChange[] = [];
  for (const definition of definitions) {
    const checkpoint = checkpoints.get(definition.name);
    const touched = new Map<string, unknown>();
    for (const event of events) {
      if (checkpoint && comparePositions(event.position, checkpoint) <= 0) continue;
      for (const key of definition.keysOf(event)) {
        const before = touched.has(key) ? touched.get(key) : current(definition, key);
        touched.set(key, definition.evolve(before, event, key));
      }
    }
    const held = new Map<string, unknown>();
    for (const [key, doc] of touched) {
      const change = documentChange(definition, key, doc);
      held.set(key, change.summary ?? doc);
      changes.push(change);
    }
    documents.set(definition.name, held);
    whole.set(definition.name, touched);
  }
  const position = events[events.length - 1].position;
  const checkpointRows = definitions.map((d) => ({ projection: d.name, position, version: d.version }));
  return { documents, whole, changes, checkpoints: checkpointRows, position };
}
