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

/**
 * No value twice in an array, in one pass over it: class-validator's ArrayUnique compares every
 * element with every other (120,000 ids took 8.9 s on the event loop).
 */
export const IsDistinct = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isDistinct',
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || new Set(value).size === value.length,
        defaultMessage: (args) => `${args?.property} must not hold the same value twice`,
      },
    },
    options,
  );

/** UN document symbols: parts of capital Latin letters, digits and dots, separated by `/` (`A/HRC/WGAD/2021/33`). */
export const OPINION_SYMBOL = /^[A-Z0-9.]+(?:\/[A-Z0-9.]+)+$/;
/** Control and format characters (zero-width space, bidi controls, BOM) and line or paragraph separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
/** Control characters and the bidi embeddings, overrides and isolates that can make a name read as another. */
const NAME_FORBIDDEN = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

const codePoint = (text: string, pattern: RegExp) => {
  const found = pattern.exec(text)?.[0];
  return found === undefined ? '' : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
};

/**
 * An identifier a client chooses (inquiryId, requestId): normalised before it gets here (NFC, trimmed), it must hold
 * no control or format character, so that two ids that print alike are one id.
 */
export const IsIdentifier = (max: number, options?: ValidationOptions) =>
  applyDecorators(
    IsText(max, options),
    ValidateBy(
      {
        name: 'isIdentifier',
        validator: {
          validate: (value: unknown) => typeof value !== 'string' || !INVISIBLE.test(value),
          defaultMessage: (args) =>
            `${args?.property} must not hold control or format characters (found ${codePoint(String(args?.value), INVISIBLE)})`,
        },
      },
      options,
    ),
  );

/** An opinion's document symbol, as the UN writes them: look-alike letters and invisible characters cannot pass. */
export const IsOpinionSymbol = (options?: ValidationOptions) =>
  applyDecorators(
    IsText(200, options),
    Matches(OPINION_SYMBOL, {
      message: ({ property }) =>
        `${property} must be a UN document symbol: parts of capital Latin letters, digits and dots separated by /, e.g. A/HRC/WGAD/2021/33`,
      ...options,
    }),
  );

/** A person's name: any script, but no control characters and no bidi overrides. */
export const IsName = (options?: ValidationOptions) =>
  applyDecorators(
    IsText(300, options),
    ValidateBy(
      {
        name: 'isName',
        validator: {
          validate: (value: unknown) => typeof value !== 'string' || !NAME_FORBIDDEN.test(value),
          defaultMessage: (args) =>
            `${args?.property} must not hold control or bidirectional-override characters (found ${codePoint(String(args?.value), NAME_FORBIDDEN)})`,
        },
      },
      options,
    ),
  );

/** The identifiers normalised before validation and storage: the same id typed twice must be one id. */
export const IDENTIFIER_FIELDS = ['opinionId', 'inquiryId', 'requestId'] as const;

/** NFC and no surrounding white space, for the identifier fields of an event's data; other fields as they are. */
export function normaliseIdentifiers(data: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...data };
  for (const field of IDENTIFIER_FIELDS) {
    const value = copy[field];
    if (typeof value === 'string') copy[field] = value.normalize('NFC').trim();
  }
  return copy;
}

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
