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
    // Filtered and ordered on the summaries memory holds, then read whole.
    const chosen = alertViews(this.readModels.all<AlertView>(alertsProjection.name).values(), filter);
    return this.readModels.wholeDocuments<AlertView>(
      alertsProjection.name,
      chosen.map((alert) => alert.alertId),
    );
  }
}
