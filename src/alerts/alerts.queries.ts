import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  alertLookupOf,
  alertLookups,
  alertsProjection,
  alertViews,
  newestAlerts,
  type AlertFilter,
  type AlertView,
} from '../../projections/alerts/alerts.projection';
import { ListAnswers, type ListPage } from '../read-side/lists/list-answer';
import { ReadModels } from '../read-side/read-models';

/** GET /alerts: the alerts raised so far, newest first; with `page`, one page of them. */
export class ListAlerts {
  constructor(
    readonly filter: AlertFilter,
    readonly page?: { limit: number; cursor?: string; question: string },
  ) {}
}

@QueryHandler(ListAlerts)
export class ListAlertsHandler implements IQueryHandler<ListAlerts, AlertView[] | ListPage<AlertView>> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly lists: ListAnswers,
  ) {}

  async execute({ filter, page }: ListAlerts): Promise<AlertView[] | ListPage<AlertView>> {
    if (!page) return this.newest(filter);
    // A page continues below the revision of the last alert of the page before: the order is by revision alone.
    const before = page.cursor === undefined ? undefined : Number(this.lists.position(page.question, page.cursor)[0]);
    const found = this.newest({ ...filter, before, limit: page.limit + 1 });
    const items = found.slice(0, page.limit);
    const last = items[items.length - 1];
    return {
      items,
      total: this.total(filter),
      nextCursor: found.length > page.limit ? this.lists.issue(page.question, [last.revision, last.alertId]) : null,
    };
  }

  private newest(filter: AlertFilter): AlertView[] {
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

  /**
   * How many alerts the filter keeps, from the file's indexes where it can (345k alerts are too many to read for a
   * count): all of them, or those of a rule; a case's or an opinion's few are read and counted.
   */
  private total({ rule, caseId, opinionId }: AlertFilter): number {
    const name = alertsProjection.name;
    if (caseId === undefined && opinionId === undefined) {
      const counted = rule === undefined ? undefined : this.readModels.countLookedUp(name, alertLookups.rule(rule));
      if (counted !== undefined) return counted;
      if (rule === undefined) return this.readModels.count(name);
    }
    const lookup = alertLookupOf({ caseId, opinionId });
    const found = lookup === undefined ? undefined : this.readModels.lookedUp<AlertView>(name, lookup);
    return alertViews(values(found ?? this.readModels.scan<AlertView>(name)), { rule, caseId, opinionId }).length;
  }
}

function* values<T>(entries: Iterable<[string, T]>): Generator<T> {
  for (const [, value] of entries) yield value;
}
