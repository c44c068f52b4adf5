import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import type { Annotated, Source } from '../../../domain/case/case.events';
import { IsPartialDate, IsText } from './validators';

export class SourceDto implements Source {
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url?: string;

  @IsOptional()
  @IsText(1000)
  title?: string;

  @IsOptional()
  @IsText(300)
  publisher?: string;

  @IsOptional()
  @IsPartialDate()
  publishedOn?: string;
}

/** What every event's data may carry besides its own fields. */
export abstract class AnnotatedDto implements Annotated {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SourceDto)
  sources?: SourceDto[];

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}
