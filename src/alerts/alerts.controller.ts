import { BadRequestException, Controller, Get, Query, Res, type PipeTransform } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { ALERT_RULES, type AlertRule } from '../../projections/alerts/alert.events';
import type { AlertFilter } from '../../projections/alerts/alerts.projection';
import { RequiresAccess } from '../auth/access';
import { CASE_ID_PATTERN } from '../cases/case.events';
import { CachedAnswer } from '../read-side/cached-answer';
import { ListAlerts } from './alerts.queries';

/** `?rule=&caseId=&opinionId=`: each optional, each checked, every fault named at once. */
class AlertFilterPipe implements PipeTransform<unknown, AlertFilter> {
  transform(query: unknown): AlertFilter {
    const { rule, caseId, opinionId } = (query ?? {}) as Record<string, unknown>;
    const errors: string[] = [];
    const filter: AlertFilter = {};
    if (rule !== undefined) {
      if (typeof rule === 'string' && (ALERT_RULES as readonly string[]).includes(rule))
        filter.rule = rule as AlertRule;
      else errors.push(`rule must be one of ${ALERT_RULES.join(', ')}`);
    }
    if (caseId !== undefined) {
      if (typeof caseId === 'string' && CASE_ID_PATTERN.test(caseId)) filter.caseId = caseId;
      else errors.push(`caseId must match ${CASE_ID_PATTERN.source}`);
    }
    if (opinionId !== undefined) {
      if (typeof opinionId === 'string' && opinionId.length > 0 && opinionId.length <= 200)
        filter.opinionId = opinionId;
      else errors.push('opinionId must be a document symbol of 1 to 200 characters');
    }
    if (errors.length) throw new BadRequestException({ code: 'REQUEST.INVALID', message: errors });
    return filter;
  }
}

@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly answers: CachedAnswer,
  ) {}

  /** Alerts raised so far, newest first; `X-Checkpoint` says which store position they reflect. */
  @Get()
  @RequiresAccess('read')
  list(@Query(AlertFilterPipe) filter: AlertFilter, @Res() response: Response) {
    const key = `alerts:${JSON.stringify([filter.rule, filter.caseId, filter.opinionId])}`;
    return this.answers.send(response, key, () => this.queries.execute(new ListAlerts(filter)));
  }
}
