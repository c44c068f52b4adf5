import { alertsProjection } from '../../projections/alerts/alerts.projection';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import type { ProjectionDefinition } from '../../projections/projection';
import { caseSearchProjection } from '../../projections/search/case-search.projection';

/**
 * The definitions of every projection the app runs, without the framework: what a rebuild thread folds (it loads no
 * Nest). PROJECTION_PROVIDERS registers the same ones with the app (projection-definitions.spec.ts checks it).
 */
export const PROJECTION_DEFINITIONS = [caseFilesProjection, caseSearchProjection, alertsProjection] as ReadonlyArray<
  ProjectionDefinition<unknown>
>;
