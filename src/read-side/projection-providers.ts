import { AlertsProjection } from '../alerts/alerts.projection.provider';
import { CaseFilesProjection } from './case-files.projection.provider';
import { CaseSearchProjection } from './case-search.projection.provider';

/** Every projection the app runs; the server and the replay CLI register the same list. */
export const PROJECTION_PROVIDERS = [CaseFilesProjection, CaseSearchProjection, AlertsProjection];
