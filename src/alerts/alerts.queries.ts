import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  alertsProjection,
  alertViews,
  newestAlerts,
  type AlertFilter,
  type AlertView,
} from '../../projections/alerts/alerts.projection';
import { ReadModels } from '../read-side/read-models';

/** GET /alerts: the alerts raised so far, newest first. */
export class ListAlerts {
  constructor(readonly filter: AlertFilter) {}
}

@QueryHandler(ListAlerts)
export class ListAlertsHandler implements IQueryHandler<ListAlerts, AlertView[]> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ filter }: ListAlerts): Promise<AlertView[]> {
    // Filtered and ordered on the summaries, then read whole. The file reads them newest first through its index, so
    // a page of the newest stops reading once it is full; a case's or an opinion's few alerts are found faster by
    // one pass over the table than by walking the index through all the others.
    const selective = filter.caseId !== undefined || filter.opinionId !== undefined;
    const newest = selective ? undefined : this.readModels.rankedBelow<AlertView>(alertsProjection.name, filter.before);
    const chosen = newest
      ? newestAlerts(values(newest), filter)
      : alertViews(values(this.readModels.scan<AlertView>(alertsProjection.name)), filter);
    return this.readModels.wholeDocuments<AlertView>(
      alertsProjection.name,
      chosen.map((alert) => alert.alertId),
    );
  }
}

function* values<T>(entries: Iterable<[string, T]>): Generator<T> {
  for (const [, value] of entries) yield value;
}
