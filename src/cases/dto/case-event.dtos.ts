import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CALLS,
  MECHANISMS,
  RELEASE_BASES,
  REQUEST_KINDS,
  SENTENCE_KINDS,
  type Call,
  type Mechanism,
  type ReleaseBasis,
  type RequestKind,
  type SentenceKind,
  type CaseOpened,
  type ImplementationMeasureRecorded,
  type PersonArrested,
  type PersonConvicted,
  type PersonReleased,
  type ReleaseRequestDecided,
  type ReleaseRequested,
  type StateFollowUpReplied,
  type Subject,
  type SubjectAdded,
  type TransferredToRestrictedFreedom,
  type UnOpinionAdopted,
} from '../../../domain/case/case.events';

type Sentence = PersonConvicted['sentence'];
import { AnnotatedDto } from './annotated.dto';
import { IsDistinct, IsIdentifier, IsName, IsOpinionSymbol, IsPartialDate, IsSlug, IsText } from './validators';

/**
 * One DTO per event type of the domain contract; `type` in the request body picks the class. The inquiries to
 * authorities are in inquiry-event.dtos.ts.
 */

const MAX_PEOPLE = 500;
export const ID = 200;

export class SubjectDto implements Subject {
  @IsSlug()
  personId!: string;

  @IsName()
  name!: string;
}

export class CaseOpenedDto extends AnnotatedDto implements CaseOpened {
  @IsText(500)
  title!: string;

  @IsString()
  @Length(2, 2)
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code in capitals, e.g. KZ' })
  country!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEOPLE)
  @ValidateNested({ each: true })
  @Type(() => SubjectDto)
  subjects!: SubjectDto[];
}

export class SubjectAddedDto extends AnnotatedDto implements SubjectAdded {
  @IsSlug()
  personId!: string;

  @IsName()
  name!: string;
}

export class PersonArrestedDto extends AnnotatedDto implements PersonArrested {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEOPLE)
  @IsDistinct()
  @IsSlug({ each: true })
  personIds!: string[];

  @IsPartialDate()
  occurredOn!: string;

  @IsOptional()
  @IsText(300)
  authority?: string;

  @IsOptional()
  @IsText(300)
  place?: string;
}

export class SentenceDto implements Sentence {
  @IsIn(SENTENCE_KINDS)
  kind!: SentenceKind;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1200)
  months?: number;
}

export class PersonConvictedDto extends AnnotatedDto implements PersonConvicted {
  @IsSlug()
  personId!: string;

  @IsPartialDate()
  occurredOn!: string;

  @IsText(300)
  court!: string;

  @IsArray()
  @ArrayMaxSize(50)
  @IsText(500, { each: true })
  charges!: string[];

  @IsObject()
  @ValidateNested()
  @Type(() => SentenceDto)
  sentence!: SentenceDto;
}

export class UnOpinionAdoptedDto extends AnnotatedDto implements UnOpinionAdopted {
  @IsOpinionSymbol()
  opinionId!: string;

  @IsIn(MECHANISMS)
  mechanism!: Mechanism;

  @IsPartialDate()
  occurredOn!: string;

  @IsOptional()
  @IsPartialDate()
  transmittedOn?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEOPLE)
  @IsDistinct()
  @IsSlug({ each: true })
  personIds?: string[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CALLS.length)
  @IsDistinct()
  @IsIn(CALLS, { each: true })
  calls!: Call[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  followUpMonths?: number;
}

export class ReleaseRequestedDto extends AnnotatedDto implements ReleaseRequested {
  @IsIdentifier(ID)
  requestId!: string;

  @IsSlug()
  personId!: string;

  @IsPartialDate()
  occurredOn!: string;

  @IsIn(REQUEST_KINDS)
  kind!: RequestKind;

  @IsText(300)
  addressedTo!: string;

  @IsOptional()
  @IsText(300)
  requestedBy?: string;
}

export class ReleaseRequestDecidedDto extends AnnotatedDto implements ReleaseRequestDecided {
  @IsIdentifier(ID)
  requestId!: string;

  @IsPartialDate()
  occurredOn!: string;

  @IsIn(['granted', 'denied'])
  outcome!: 'granted' | 'denied';

  @IsOptional()
  @IsText(300)
  decidedBy?: string;

  @IsOptional()
  @IsText(5000)
  grounds?: string;
}

export class TransferredToRestrictedFreedomDto extends AnnotatedDto implements TransferredToRestrictedFreedom {
  @IsSlug()
  personId!: string;

  @IsPartialDate()
  occurredOn!: string;

  @IsOptional()
  @IsText(300)
  court?: string;
}

export class PersonReleasedDto extends AnnotatedDto implements PersonReleased {
  @IsSlug()
  personId!: string;

  @IsPartialDate()
  occurredOn!: string;

  @IsIn(RELEASE_BASES)
  basis!: ReleaseBasis;
}

export class ImplementationMeasureRecordedDto extends AnnotatedDto implements ImplementationMeasureRecorded {
  @IsOpinionSymbol()
  opinionId!: string;

  @IsIn(CALLS)
  call!: Call;

  @IsPartialDate()
  occurredOn!: string;

  @IsIn(['full', 'partial'])
  extent!: 'full' | 'partial';

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEOPLE)
  @IsDistinct()
  @IsSlug({ each: true })
  personIds?: string[];

  @IsText(5000)
  description!: string;
}

export class StateFollowUpRepliedDto extends AnnotatedDto implements StateFollowUpReplied {
  @IsOpinionSymbol()
  opinionId!: string;

  @IsPartialDate()
  occurredOn!: string;

  @IsOptional()
  @IsText(5000)
  summary?: string;
}
