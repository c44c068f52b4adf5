import { alertsProjection } from './alerts/alerts.projection';
import { caseFilesProjection } from './case-file/case-file.projection';
import { caseSearchProjection } from './search/case-search.projection';
import type { ProjectionDefinition } from './projection';

/**
 * Every projection the read side runs, in the order each batch is fed to them: the server's runner
 * and the replay CLI both take this list, so a rebuilt file always holds every one.
 */
export const PROJECTIONS: ReadonlyArray<ProjectionDefinition<unknown>> = [
  caseFilesProjection as ProjectionDefinition<unknown>,
  caseSearchProjection as ProjectionDefinition<unknown>,
  alertsProjection as ProjectionDefinition<unknown>,
];
