import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The answers of the write, error and operations endpoints, for the OpenAPI document only: the
 * controllers build plain objects, these classes just describe them.
 */

export class ProblemDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request', description: 'The HTTP reason phrase' })
  error!: string;

  @ApiProperty({
    example: 'REQUEST.INVALID',
    description:
      'Stable error code: REQUEST.INVALID, REQUEST.TOO_LARGE, REQUEST.RATE_LIMITED, AUTH.UNAUTHENTICATED, ' +
      'AUTH.FORBIDDEN, NOT_FOUND, CASE.NOT_FOUND, CASE.ALREADY_EXISTS, CASE.REVISION_CONFLICT, ' +
      'STORE.DUPLICATE_EVENT_ID, STORE.UNAVAILABLE, SERVICE.SHUTTING_DOWN, INTERNAL, or a CASE.* rule code (422)',
  })
  code!: string;

  @ApiProperty({ description: 'What went wrong, naming every bad field' })
  message!: string;

  @ApiPropertyOptional({ type: [String], description: 'One entry per bad field (400)' })
  errors?: string[];

  @ApiPropertyOptional({ description: 'The field a broken domain rule concerns (422)' })
  field?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'The case revision found (409 revision conflict)' })
  actualRevision?: number | null;

  @ApiPropertyOptional({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    description: 'The revision the request expected (409 revision conflict)',
  })
  expectedRevision?: number | string;
}

export class CaseOpenedAnswerDto {
  @ApiProperty({ example: 'kz-whatsapp-group-2018' })
  caseId!: string;

  @ApiProperty({ example: 0, description: 'The case revision after the opening: always 0' })
  revision!: number;
}

export class EventRecordedAnswerDto {
  @ApiProperty({ example: 'kz-whatsapp-group-2018' })
  caseId!: string;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ example: 4, description: "The event's revision in the case" })
  revision!: number;
}

export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] })
  status!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: true },
    description: 'The checks that passed, by name (eventStore, readModels), with their details',
  })
  info?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: true },
    description: 'The checks that failed, by name, with their details',
  })
  error?: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', additionalProperties: true } })
  details!: Record<string, unknown>;
}
