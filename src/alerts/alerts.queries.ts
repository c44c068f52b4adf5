import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  alertsProjection,
  alertViews,
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
    // Filtered and ordered on the summaries, then read whole.
    const summaries = this.readModels.scan<AlertView>(alertsProjection.name);
    const chosen = alertViews(
      (function* () {
        for (const [, alert] of summaries) yield alert;
      })(),
      filter,
    );
    return this.readModels.wholeDocuments<AlertView>(
      alertsProjection.name,
      chosen.map((alert) => alert.alertId),
    );
  }
}
