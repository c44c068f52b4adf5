import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The audit endpoints' answers, for the OpenAPI document only. */
export class HistoryEntryDto {
  @ApiProperty()
  revision!: number;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: object;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;

  @ApiProperty({ description: 'Name of the API key that recorded the event' })
  actor!: string;

  @ApiProperty({ description: 'Previous event hash in the tamper-evidence chain' })
  prevHash!: string;

  @ApiProperty()
  hash!: string;

  @ApiProperty({ description: 'Global position, commit/prepare' })
  position!: string;

  @ApiPropertyOptional({ type: [Number], description: 'Revisions of the corrections that replace or withdraw this' })
  correctedBy?: number[];
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEntryDto], description: 'Events in revision order, from fromRevision on' })
  items!: HistoryEntryDto[];

  @ApiProperty({ description: 'Events the case holds' })
  total!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'fromRevision of the next page; null after the last' })
  nextFromRevision!: number | null;
}

export class VerifyAnswerDto {
  @ApiProperty()
  ok!: boolean;

  @ApiProperty()
  events!: number;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The first bad event, when not ok' })
  break?: object;
}
