import { SetMetadata } from '@nestjs/common';
import type { ProjectionDefinition } from '../../projections/projection';

export const PROJECTION = 'compliance-ledger:projection';

/** Marks a provider as a projection; the runner discovers every one and feeds it in order. */
export const Projection = () => SetMetadata(PROJECTION, true);

/** A provider wrapping one of the pure definitions in projections/. */
export interface ProjectionProvider<Doc = unknown> {
  readonly definition: ProjectionDefinition<Doc>;
}
