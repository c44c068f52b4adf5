import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The readiness answer, for the OpenAPI document only. */
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
