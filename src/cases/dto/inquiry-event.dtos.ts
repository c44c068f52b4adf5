import { IsIn, IsOptional } from 'class-validator';
import {
  CHANNELS,
  RESPONSE_KINDS,
  type Channel,
  type InquirySent,
  type NoResponseRecorded,
  type ResponseKind,
  type ResponseReceived,
} from '../../../domain/case/case.events';
import { AnnotatedDto } from './annotated.dto';
import { ID } from './case-event.dtos';
import { IsPartialDate, IsText } from './validators';

/** The inquiries a researcher sends to authorities, and what came of each: one DTO per event type. */
export class InquirySentDto extends AnnotatedDto implements InquirySent {
  @IsText(ID)
  inquiryId!: string;

  @IsPartialDate()
  occurredOn!: string;

  @IsText(300)
  to!: string;

  @IsIn(CHANNELS)
  channel!: Channel;

  @IsText(5000)
  question!: string;

  @IsOptional()
  @IsText(ID)
  opinionId?: string;
}

export class NoResponseRecordedDto extends AnnotatedDto implements NoResponseRecorded {
  @IsText(ID)
  inquiryId!: string;

  @IsPartialDate()
  occurredOn!: string;
}

export class ResponseReceivedDto extends AnnotatedDto implements ResponseReceived {
  @IsText(ID)
  inquiryId!: string;

  @IsPartialDate()
  occurredOn!: string;

  @IsText(5000)
  summary!: string;

  @IsOptional()
  @IsIn(RESPONSE_KINDS)
  kind?: ResponseKind;
}
