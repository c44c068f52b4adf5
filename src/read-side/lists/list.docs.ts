import { applyDecorators, type Type } from '@nestjs/common';
import { ApiQuery, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CASE_SORTS, CUSTODY_STATES } from '../../../projections/lists/case-list';
import { GRADES, IMPLEMENTATION_STATUSES, OPINION_SORTS } from '../../../projections/lists/opinion-list';
import { MECHANISMS } from '../../../domain/case/case.events';
import { PAGE_MAX } from './list-query';

/** The answer of a list: the whole array without `limit`, one page with it. */
export function listed(model: Type<unknown>): SchemaObject {
  const items = { type: 'array', items: { $ref: getSchemaPath(model) } } as const;
  return {
    oneOf: [
      items,
      {
        type: 'object',
        required: ['items', 'total', 'nextCursor'],
        properties: {
          items,
          total: { type: 'integer', minimum: 0, description: 'Rows of the whole list, with the same filters and q' },
          nextCursor: { type: 'string', nullable: true, description: 'The next page as `cursor`; null on the last' },
        },
      },
    ],
  };
}

const repeated = (name: string, values: readonly string[] | undefined, description: string) =>
  ApiQuery({
    name,
    required: false,
    description: `${description}; may repeat (any of them)`,
    schema: {
      type: 'array',
      items: values ? { type: 'string', enum: [...values] } : { type: 'string', pattern: '^[A-Z]{2}$' },
    },
    style: 'form',
    explode: true,
  });

const sortQuery = (sorts: readonly string[], fallback: string) =>
  ApiQuery({
    name: 'sort',
    required: false,
    description: `The order, applied before paging; a leading - for descending. Default: ${fallback}; ties by id`,
    schema: { type: 'string', enum: sorts.flatMap((s) => [s, `-${s}`]) },
  });

const SEARCH = ApiQuery({
  name: 'q',
  required: false,
  description:
    "Words each found in the opinion symbols, case ids and titles, and people's names, ignoring case, accents and " +
    'script (Cyrillic or Latin: mynbasov, Mynbasov and Мынбасов find the same person)',
  schema: { type: 'string', maxLength: 200 },
});

/** `limit` and `cursor`, on every list. */
export const PAGE_QUERIES = applyDecorators(
  ApiQuery({
    name: 'limit',
    required: false,
    description: `One page of at most this many: { items, total, nextCursor }. Without it, the whole array`,
    schema: { type: 'integer', minimum: 1, maximum: PAGE_MAX },
  }),
  ApiQuery({
    name: 'cursor',
    required: false,
    description:
      'The nextCursor of the page before, with the same filters, q and sort (and limit); a forged one is a 400',
    schema: { type: 'string' },
  }),
);

export const OPINION_LIST_QUERIES = applyDecorators(
  PAGE_QUERIES,
  repeated('status', IMPLEMENTATION_STATUSES, 'Only opinions with this status'),
  repeated('grade', GRADES, 'Only opinions with this grade'),
  repeated('mechanism', MECHANISMS, 'Only opinions of this mechanism'),
  repeated('country', undefined, 'Only opinions about this state (ISO 3166-1 alpha-2)'),
  ApiQuery({
    name: 'overdue',
    required: false,
    description: 'Only those whose follow-up is (true) or is not (false) overdue',
    schema: { type: 'boolean' },
  }),
  sortQuery(Object.keys(OPINION_SORTS), 'adoptedOn'),
  SEARCH,
);

export const CASE_LIST_QUERIES = applyDecorators(
  PAGE_QUERIES,
  repeated('country', undefined, 'Only cases in this state (ISO 3166-1 alpha-2)'),
  repeated('custody', CUSTODY_STATES, 'Only cases with at least one person in this custody state'),
  ApiQuery({
    name: 'hasOpinion',
    required: false,
    description: 'Only cases with (true) or without (false) a UN opinion',
    schema: { type: 'boolean' },
  }),
  sortQuery(Object.keys(CASE_SORTS), 'caseId'),
  SEARCH,
);
