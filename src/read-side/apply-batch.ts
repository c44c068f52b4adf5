import type { ProjectedEvent, ProjectionDefinition } from '../../projections/projection';
import type { Position, StoredEvent } from '../event-store/event-store.port';
import { comparePositions } from '../event-store/position';
import { documentChange, type DocumentChange } from './document-change';

export type Checkpoints = Map<string, Position>;

/** A projection's whole document as committed so far (undefined: none yet). */
export type DocumentSource = (definition: ProjectionDefinition<unknown>, key: string) => unknown;

/** What a document weighs on file (its row's text, its tail's events), when known: see `storesChanges`. */
export type WeightSource = (projection: string, key: string) => { base: number; tail: number } | undefined;

/**
 * A document that stores changes is written whole while it is small (a tail would save next to nothing), and again
 * once its tail weighs as much as its row: each event then costs its own size to store, plus on average as much again
 * for the whole writes, however long the document is.
 */
export const WHOLE_BELOW = 32 * 1024;

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
  weightOf: WeightSource = () => undefined,
): BatchResult | undefined {
  if (events.length === 0) return undefined;
  const documents = new Map<string, Map<string, unknown>>();
  const whole = new Map<string, Map<string, unknown>>();
  const changes: DocumentChange[] = [];
  for (const definition of definitions) {
    const checkpoint = checkpoints.get(definition.name);
    const touched = new Map<string, unknown>();
    /** For a projection that stores changes: the events each document saw in this batch. */
    const seen = new Map<string, StoredEvent[]>();
    for (const event of events) {
      if (checkpoint && comparePositions(event.position, checkpoint) <= 0) continue;
      for (const key of definition.keysOf(event)) {
        const before = touched.has(key) ? touched.get(key) : current(definition, key);
        touched.set(key, definition.evolve(before, event, key));
        if (!definition.storesChanges) continue;
        const list = seen.get(key);
        if (list) list.push(event);
        else seen.set(key, [event]);
      }
    }
    const held = new Map<string, unknown>();
    for (const [key, doc] of touched) {
      const change = documentChange(definition, key, doc);
      if (definition.storesChanges && doc !== undefined) {
        const tail = tailOf(weightOf(definition.name, key), seen.get(key) ?? []);
        if (tail) change.tail = tail;
      }
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

/** The events to add to a document's tail, or undefined to write it whole (see WHOLE_BELOW). */
function tailOf(weight: { base: number; tail: number } | undefined, events: StoredEvent[]): string[] | undefined {
  if (!weight || weight.base < WHOLE_BELOW) return undefined;
  const texts = events.map(({ stream, revision, type, data, metadata }) =>
    JSON.stringify({ stream, revision, type, data, metadata } satisfies ProjectedEvent),
  );
  const added = texts.reduce((n, text) => n + text.length, 0);
  return weight.tail + added <= weight.base ? texts : undefined;
}
