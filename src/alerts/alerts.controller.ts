import { Controller, Get, Query, Res, type PipeTransform } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ALERT_RULES, type AlertRule } from '../../projections/alerts/alert.events';
import { alertsProjection, type AlertFilter } from '../../projections/alerts/alerts.projection';
import { RequiresAccess } from '../auth/access';
import { CASE_ID_PATTERN } from '../../domain/case/case.events';
import { ApiProblems } from '../problems/api-problems';
import { CachedAnswer } from '../read-side/cached-answer';
import { PAGE_QUERIES } from '../read-side/lists/list.docs';
import { QueryReader, type ListPaging } from '../read-side/lists/list-query';
import { ListAlerts } from './alerts.queries';

interface AlertsRequest extends ListPaging {
  filter: AlertFilter;
  question: string;
}

/**
 * `?rule=&caseId=&opinionId=&before=`, and a page (`limit`, `cursor`): each optional, each checked, every fault named
 * at once. Without `limit`, the whole array (`before`: only those raised before that revision).
 */
class AlertFilterPipe implements PipeTransform<unknown, AlertsRequest> {
  transform(query: unknown): AlertsRequest {
    const raw = (query ?? {}) as Record<string, unknown>;
    const { rule, caseId, opinionId, before } = raw;
    const read = new QueryReader(raw);
    const paging = read.paging();
    const errors = read.errors;
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
        filter.opinionId = opinionId.normalize('NFC').trim();
      else errors.push('opinionId must be a document symbol of 1 to 200 characters');
    }
    if (before !== undefined) {
      const revision = wholeNumber(before);
      if (raw.limit !== undefined) errors.push('before narrows the whole list; a page continues with cursor');
      else if (revision !== undefined) filter.before = revision;
      else errors.push('before must be a revision of the alerts stream (a whole number, 0 or more)');
    }
    read.done();
    return { filter, ...paging, question: JSON.stringify(['alerts', filter.rule, filter.caseId, filter.opinionId]) };
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
   * Alerts raised so far, newest first; `X-Checkpoint` says which store position they reflect. With `limit`, one page
   * (`{ items, total, nextCursor }`); the next is asked for with `cursor`.
   */
  @Get()
  @RequiresAccess('read')
  @ApiOperation({ summary: 'Alerts raised so far, newest first; a page at a time with limit and cursor' })
  @ApiQuery({ name: 'rule', required: false, enum: ALERT_RULES })
  @ApiQuery({ name: 'caseId', required: false, schema: { type: 'string', pattern: CASE_ID_PATTERN.source } })
  @ApiQuery({ name: 'opinionId', required: false, description: 'Also matches inquiries about that opinion' })
  @PAGE_QUERIES
  @ApiQuery({
    name: 'before',
    required: false,
    description: 'Without limit: only alerts raised before this revision of the alerts stream',
    schema: { type: 'integer', minimum: 0 },
  })
  @ApiOkResponse({
    description: 'Alerts as raised, each with its revision in the alerts stream and raisedAt; a page with limit',
    schema: {
      oneOf: [
        { type: 'array', items: { type: 'object' } },
        {
          type: 'object',
          required: ['items', 'total', 'nextCursor'],
          properties: {
            items: { type: 'array', items: { type: 'object' } },
            total: { type: 'integer', minimum: 0 },
            nextCursor: { type: 'string', nullable: true },
          },
        },
      ],
    },
  })
  list(@Query(AlertFilterPipe) request: AlertsRequest, @Res() response: Response) {
    const { filter, limit, cursor, question } = request;
    const key = `alerts:${JSON.stringify([question, filter.before, limit, cursor])}`;
    return this.answers.send(response, alertsProjection.name, key, () =>
      this.queries.execute(new ListAlerts(filter, limit === undefined ? undefined : { limit, cursor, question })),
    );
  }
}

function wholeNumber(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}
