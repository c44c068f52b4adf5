import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The body of every error answer, for the OpenAPI document only: the problem filter builds plain
 * objects, this class just describes them.
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
      'STORE.DUPLICATE_EVENT_ID, STORE.UNAVAILABLE, SERVICE.SHUTTING_DOWN, INTERNAL, or a CASE.* rule code or OPINION.CONFLICTING_RECORD (422)',
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
