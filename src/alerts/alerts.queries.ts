import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  alertLookupOf,
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
    // Filtered and ordered on the summaries, then read whole. A case's or an opinion's few alerts are found by their
    // lookup; the others newest first through the file's rank index, so a page of the newest stops reading once it
    // is full. Read models without a file (tests) take one pass over all of them.
    const lookup = alertLookupOf(filter);
    const found = lookup === undefined ? undefined : this.readModels.lookedUp<AlertView>(alertsProjection.name, lookup);
    const newest =
      lookup === undefined ? this.readModels.rankedBelow<AlertView>(alertsProjection.name, filter.before) : undefined;
    const chosen = newest
      ? newestAlerts(values(newest), filter)
      : alertViews(values(found ?? this.readModels.scan<AlertView>(alertsProjection.name)), filter);
    return this.readModels.wholeDocuments<AlertView>(
      alertsProjection.name,
      chosen.map((alert) => alert.alertId),
    );
  }
}

function* values<T>(entries: Iterable<[string, T]>): Generator<T> {
  for (const [, value] of entries) yield value;
}
