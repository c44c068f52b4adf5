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
import { IsIdentifier, IsOpinionSymbol, IsPartialDate, IsText } from './validators';

/** The inquiries a researcher sends to authorities, and what came of each: one DTO per event type. */
export class InquirySentDto extends AnnotatedDto implements InquirySent {
  @IsIdentifier(ID)
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
  @IsOpinionSymbol()
  opinionId?: string;
}

export class NoResponseRecordedDto extends AnnotatedDto implements NoResponseRecorded {
  @IsIdentifier(ID)
  inquiryId!: string;

  @IsPartialDate()
  occurredOn!: string;
}

export class ResponseReceivedDto extends AnnotatedDto implements ResponseReceived {
  @IsIdentifier(ID)
  inquiryId!: string;

  @IsPartialDate()
  occurredOn!: string;

  @IsText(5000)
  summary!: string;

  @IsOptional()
  @IsIn(RESPONSE_KINDS)
  kind?: ResponseKind;
}
