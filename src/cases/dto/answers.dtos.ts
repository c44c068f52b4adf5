import { ApiProperty } from '@nestjs/swagger';

/** The answers of the write endpoints, for the OpenAPI document only: the controller builds plain objects. */
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
