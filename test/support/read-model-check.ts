import type { ProjectionDefinition } from '../../projections/projection';
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
