import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, MinLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { isPartialDate, parsePartialDate } from '../../../domain/calendar/partial-date';
import { CASE_ID_PATTERN } from '../../../domain/case/case.events';

/** `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `A/B`, and a real calendar date. */
export const IsPartialDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isPartialDate',
      validator: {
        validate: (value: unknown) => isPartialDate(value),
        defaultMessage: (args) => `${args?.property} must be a partial date (${whyNot(args?.value)})`,
      },
    },
    options,
  );

/** caseId, personId and the like: lower-case letters, digits and hyphens, 2–64 characters. */
export const IsSlug = (options?: ValidationOptions) =>
  Matches(CASE_ID_PATTERN, {
    message: ({ property }) => `${property} must match ${CASE_ID_PATTERN.source} (lower-case letters, digits, hyphens)`,
    ...options,
  });

/** A non-empty line of text with an upper bound, so no field can swallow the server's memory. */
export const IsText = (max = 2000, options?: ValidationOptions) =>
  applyDecorators(IsString(options), MinLength(1, options), MaxLength(max, options));

function whyNot(value: unknown): string {
  if (typeof value !== 'string') return 'a string YYYY, YYYY-MM, YYYY-MM-DD or A/B';
  try {
    parsePartialDate(value);
    return 'valid';
  } catch (error) {
    return (error as Error).message;
  }
}
