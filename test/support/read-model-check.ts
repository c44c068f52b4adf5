import type { ProjectionDefinition } from '../../projections/projection';
import { ReadModelDb } from '../../src/read-side/read-model.db';
import type { ReadModels } from '../../src/read-side/read-models';

/** Documents as the read side holds them in memory: summaries for projections that summarise, none for those on file only. */
export function asHeld<Doc>(projection: ProjectionDefinition<Doc>, documents: Map<string, Doc>): Map<string, Doc> {
  if (projection.onFileOnly) return new Map();
  const summarize = projection.summarize;
  return summarize ? new Map([...documents].map(([key, doc]) => [key, summarize(doc)])) : documents;
}

/**
 * The read side equals a clean fold twice over: what memory holds (summaries where the projection
 * summarises) and every whole document as a case page reads it, by key, from the read-model file.
 */
export function expectReadModelsToEqual<Doc>(
  readModels: ReadModels,
  projection: ProjectionDefinition<Doc>,
  clean: Map<string, Doc>,
): void {
  expect(new Map(readModels.all<Doc>(projection.name))).toEqual(asHeld(projection, clean));
  for (const [key, doc] of clean) {
    expect({ key, doc: readModels.document<Doc>(projection.name, key) }).toEqual({ key, doc });
  }
}

/**
 * Everything a read-model file holds of each projection, read as a server would: its checkpoint, every whole document
 * by key, and what memory holds of them (summaries where the projection summarises).
 */
export function fileContents(path: string, definitions: ReadonlyArray<ProjectionDefinition<unknown>>) {
  const file = new ReadModelDb(path).foldTailsWith(definitions);
  try {
    return definitions.map((d) => ({
      projection: d.name,
      checkpoint: file.checkpoint(d.name),
      documents: new Map(file.keysAfter(d.name, '', 1_000_000).map((key) => [key, file.document(d.name, key)])),
      held: new Map(file.documents(d.name, d.summarize)),
    }));
  } finally {
    file.close();
  }
}
