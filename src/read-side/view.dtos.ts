import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CUSTODY_STATES } from '../../domain/case/custody';
import { CALLS, MECHANISMS } from '../../domain/case/case.events';
import { OPINION_FACTS } from '../../domain/case/opinion-facts';

/**
 * The read side's answers as the OpenAPI document describes them (projections/views holds the
 * types the code uses; these classes exist for the document). Fields the views add later show
 * up in answers before they show up here, so clients should ignore fields they do not know.
 */

export class DayRangeDto {
  @ApiProperty({ description: 'Fewest days the span may stand for (partial dates are uncertain)' })
  min!: number;

  @ApiProperty({ description: 'Most days; equal to min when the dates are exact' })
  max!: number;
}

export class DueRangeDto {
  @ApiProperty({ format: 'date' })
  earliest!: string;

  @ApiProperty({ format: 'date' })
  latest!: string;
}

export class SubjectViewDto {
  @ApiProperty()
  personId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: CUSTODY_STATES })
  custody!: string;
}

export class CaseSummaryDto {
  @ApiProperty()
  caseId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'KZ' })
  country!: string;

  @ApiProperty({ description: "The case stream's revision: its number of events minus one" })
  revision!: number;

  @ApiProperty({ type: [SubjectViewDto] })
  subjects!: SubjectViewDto[];

  @ApiProperty({ type: [String], description: 'opinionIds recorded in the case' })
  opinions!: string[];
}

/** Of one growing list of a case page: entries in the answer, and entries the case holds. */
const LISTED_COUNT = {
  type: 'object' as const,
  properties: { shown: { type: 'integer' as const }, total: { type: 'integer' as const } },
  required: ['shown', 'total'],
};

export class CaseViewDto extends CaseSummaryDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  inquiries!: object[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: "Each person's custody facts and opinions in date order",
  })
  timeline!: object[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  sources!: object[];

  @ApiPropertyOptional({
    description:
      'GET /cases/{caseId} lists at most the 100 most recently recorded inquiries, sources and custody facts of each ' +
      'person (in their usual order): how many each list shows and how many there are. Every event is in ' +
      'GET /cases/{caseId}/history (pageable with fromRevision and limit).',
    type: 'object',
    properties: {
      inquiries: LISTED_COUNT,
      sources: LISTED_COUNT,
      facts: { type: 'object', description: 'By personId', additionalProperties: LISTED_COUNT },
    },
  })
  listed?: object;
}

export class CallViewDto {
  @ApiProperty({ enum: CALLS })
  call!: string;

  @ApiProperty({ enum: ['not_implemented', 'partially_implemented', 'implemented'] })
  status!: string;

  @ApiPropertyOptional({ type: DayRangeDto })
  daysOutstanding?: DayRangeDto;

  @ApiPropertyOptional({ description: 'Partial date of the fact that completed the call' })
  implementedOn?: string;
}

export class OpinionConflictDto {
  @ApiProperty({ enum: OPINION_FACTS })
  field!: string;

  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: {
        value: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
        caseIds: { type: 'array', items: { type: 'string' } },
      },
    },
  })
  values!: Array<{ value: string | number; caseIds: string[] }>;
}

export class OpinionViewDto {
  @ApiProperty({ example: 'A/HRC/WGAD/2021/33' })
  opinionId!: string;

  @ApiProperty({ enum: MECHANISMS })
  mechanism!: string;

  @ApiProperty({ type: [String] })
  caseIds!: string[];

  @ApiProperty({ type: [String] })
  countries!: string[];

  @ApiProperty({ description: 'Partial date of adoption' })
  occurredOn!: string;

  @ApiPropertyOptional()
  transmittedOn?: string;

  @ApiProperty({ enum: ['not_implemented', 'partially_implemented', 'implemented'] })
  status!: string;

  @ApiProperty({ enum: ['A', 'B', 'C', 'D', 'E'] })
  grade!: string;

  @ApiProperty({ type: DayRangeDto })
  daysSinceAdoption!: DayRangeDto;

  @ApiProperty({ type: DueRangeDto })
  followUpDueOn!: DueRangeDto;

  @ApiProperty()
  followUpOverdue!: boolean;

  @ApiProperty({ type: [CallViewDto] })
  calls!: CallViewDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: `Covered people per custody state (${CUSTODY_STATES.join(', ')})`,
  })
  custody!: Record<string, number>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  people!: object[];

  @ApiProperty({
    type: [OpinionConflictDto],
    description:
      'Facts about the opinion its cases record differently; the figures use the first case. Empty when they agree.',
  })
  conflicts!: OpinionConflictDto[];
}

export class AuthorityViewDto {
  @ApiProperty()
  authority!: string;

  @ApiProperty()
  sent!: number;

  @ApiProperty()
  answered!: number;

  @ApiProperty()
  unanswered!: number;

  @ApiProperty({ type: DayRangeDto, nullable: true })
  longestWait!: DayRangeDto | null;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Oldest first' })
  inquiries!: object[];
}

export class GradesDto {
  @ApiProperty() A!: number;
  @ApiProperty() B!: number;
  @ApiProperty() C!: number;
  @ApiProperty() D!: number;
  @ApiProperty() E!: number;
}

export class CountryViewDto {
  @ApiProperty()
  country!: string;

  @ApiProperty()
  opinions!: number;

  @ApiProperty()
  implemented!: number;

  @ApiProperty()
  partiallyImplemented!: number;

  @ApiProperty()
  notImplemented!: number;

  @ApiProperty({ type: GradesDto })
  grades!: GradesDto;

  @ApiProperty({ type: DayRangeDto, nullable: true })
  medianDaysOutstanding!: DayRangeDto | null;

  @ApiProperty()
  unansweredInquiries!: number;
}
