import { existsSync, rmSync } from 'node:fs';
import { foldDocuments, type ProjectionDefinition } from '../../projections/projection';
import type { EventStore, Position } from '../event-store/event-store.port';
import { ReadModelDb } from './read-model.db';

export interface RebuildReport {
  events: number;
  seconds: number;
  checkpoint?: Position;
  generation: number;
}

const PAGE = 5000;

/**
 * Rebuilds every read model from the store into a fresh file, then swaps it into the live file
 * in one transaction. A running server keeps answering from what it has and reloads when it
 * sees the generation change.
 */
export async function rebuildReadModels(
  store: EventStore,
  definitions: ProjectionDefinition<unknown>[],
  livePath: string,
  onProgress?: (events: number) => void,
): Promise<RebuildReport> {
  const started = process.hrtime.bigint();
  const documents = definitions.map(() => new Map<string, unknown>());
  let after: Position | 'start' = 'start';
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    definitions.forEach((definition, i) => foldDocuments(definition, page, documents[i]));
    after = page[page.length - 1].position;
    events += page.length;
    onProgress?.(events);
  }
  const rebuiltPath = `${livePath}.rebuild-${process.pid}`;
  const rebuilt = new ReadModelDb(rebuiltPath);
  try {
    definitions.forEach((definition, i) => {
      rebuilt.reset(definition.name, definition.version);
      const changes = [...documents[i]].map(([key, doc]) => ({ projection: definition.name, key, doc }));
      const checkpoints =
        after === 'start' ? [] : [{ projection: definition.name, position: after, version: definition.version }];
      rebuilt.commit(rebuilt.generation(), changes, checkpoints);
    });
  } finally {
    rebuilt.close();
  }
  const live = new ReadModelDb(livePath);
  try {
    const generation = live.swapInFrom(rebuiltPath);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { events, seconds, checkpoint: after === 'start' ? undefined : after, generation };
  } finally {
    live.close();
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(rebuiltPath + suffix)) rmSync(rebuiltPath + suffix);
  }
}
