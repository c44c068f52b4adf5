import type { ProjectionDefinition } from '../../projections/projection';
import type { Position, StoredEvent } from '../event-store/event-store.port';
import { comparePositions } from '../event-store/position';
import type { DocumentChange } from './read-model.db';
import type { ReadModels } from './read-models';

export type Checkpoints = Map<string, Position>;

export interface BatchResult {
  /** Per projection, the documents after the batch (undefined: deleted). */
  documents: Map<string, Map<string, unknown>>;
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
  current: ReadModels,
  checkpoints: Checkpoints,
  events: StoredEvent[],
): BatchResult | undefined {
  if (events.length === 0) return undefined;
  const documents = new Map<string, Map<string, unknown>>();
  for (const definition of definitions) {
    const checkpoint = checkpoints.get(definition.name);
    const touched = new Map<string, unknown>();
    for (const event of events) {
      if (checkpoint && comparePositions(event.position, checkpoint) <= 0) continue;
      for (const key of definition.keysOf(event)) {
        const before = touched.has(key) ? touched.get(key) : current.get(definition.name, key);
        touched.set(key, definition.evolve(before, event, key));
      }
    }
    documents.set(definition.name, touched);
  }
  const position = events[events.length - 1].position;
  const changes = [...documents].flatMap(([projection, docs]) =>
    [...docs].map(([key, doc]) => ({ projection, key, doc })),
  );
  const checkpointRows = definitions.map((d) => ({ projection: d.name, position, version: d.version }));
  return { documents, changes, checkpoints: checkpointRows, position };
}
