import { BadRequestException, Controller, Get, Query, Res, type PipeTransform } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ALERT_RULES, type AlertRule } from '../../projections/alerts/alert.events';
import { alertsProjection, type AlertFilter } from '../../projections/alerts/alerts.projection';
import { RequiresAccess } from '../auth/access';
import { CASE_ID_PATTERN } from '../../domain/case/case.events';
import { ApiProblems } from '../docs/api-problems';
import { CachedAnswer } from '../read-side/cached-answer';
import { ListAlerts } from './alerts.queries';

/** Largest page of alerts one request may ask for. */
export const ALERTS_PAGE_MAX = 1000;

/** `?rule=&caseId=&opinionId=&before=&limit=`: each optional, each checked, every fault named at once. */
class AlertFilterPipe implements PipeTransform<unknown, AlertFilter> {
  transform(query: unknown): AlertFilter {
    const { rule, caseId, opinionId, before, limit } = (query ?? {}) as Record<string, unknown>;
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
    if (before !== undefined) {
      const revision = wholeNumber(before);
      if (revision !== undefined) filter.before = revision;
      else errors.push('before must be a revision of the alerts stream (a whole number, 0 or more)');
    }
    if (limit !== undefined) {
      const count = wholeNumber(limit);
      if (count !== undefined && count >= 1 && count <= ALERTS_PAGE_MAX) filter.limit = count;
      else errors.push(`limit must be a whole number from 1 to ${ALERTS_PAGE_MAX}`);
    }
    if (errors.length) throw new BadRequestException({ code: 'REQUEST.INVALID', message: errors });
    return filter;
  }
}

@ApiTags('alerts')
@ApiProblems(400)
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly answers: CachedAnswer,
  ) {}

  /**
   * Alerts raised so far, newest first; `X-Checkpoint` says which store position they reflect. `limit` answers the
   * newest that many; the next page is `before` the last one's `revision`.
   */
  @Get()
  @RequiresAccess('read')
  @ApiOperation({ summary: 'Alerts raised so far, newest first; a page at a time with limit and before' })
  @ApiQuery({ name: 'rule', required: false, enum: ALERT_RULES })
  @ApiQuery({ name: 'caseId', required: false, schema: { type: 'string', pattern: CASE_ID_PATTERN.source } })
  @ApiQuery({ name: 'opinionId', required: false, description: 'Also matches inquiries about that opinion' })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'At most this many, the newest; default: all',
    schema: { type: 'integer', minimum: 1, maximum: ALERTS_PAGE_MAX },
  })
  @ApiQuery({
    name: 'before',
    required: false,
    description: "Only alerts raised before this revision: the next page is before the last alert's revision",
    schema: { type: 'integer', minimum: 0 },
  })
  @ApiOkResponse({ description: 'Alerts as raised, each with its revision in the alerts stream and raisedAt' })
  list(@Query(AlertFilterPipe) filter: AlertFilter, @Res() response: Response) {
    const key = `alerts:${JSON.stringify([filter.rule, filter.caseId, filter.opinionId, filter.before, filter.limit])}`;
    return this.answers.send(response, alertsProjection.name, key, () => this.queries.execute(new ListAlerts(filter)));
  }
}

function wholeNumber(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}
