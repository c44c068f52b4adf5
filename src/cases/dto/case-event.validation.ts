import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min, validateSync, type ValidationError } from 'class-validator';
import {
  CASE_EVENT_TYPES,
  type CaseEvent,
  type CaseEventOf,
  type CaseEventType,
  type EventCorrected,
} from '../../../domain/case/case.events';
import { AnnotatedDto } from './annotated.dto';
import * as dtos from './case-event.dtos';
import * as inquiries from './inquiry-event.dtos';
import { IsText, normaliseIdentifiers } from './validators';

/** The replacement is checked by its own type's DTO (validateCaseEvent), so here it is any `{ type, data }`. */
export class EventCorrectedDto extends AnnotatedDto implements Omit<EventCorrected, 'replacement'> {
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  revision!: number;

  @IsText(5000)
  reason!: string;

  /** `{ type, data }` of any fact but a correction, validated by that type's DTO. */
  @IsOptional()
  @IsObject()
  replacement?: { type: string; data: unknown };
}

/** The DTO that validates each event type's data; each class `implements` its event, so the field types agree. */
export const DTO_BY_TYPE = {
  CaseOpened: dtos.CaseOpenedDto,
  SubjectAdded: dtos.SubjectAddedDto,
  PersonArrested: dtos.PersonArrestedDto,
  PersonConvicted: dtos.PersonConvictedDto,
  UnOpinionAdopted: dtos.UnOpinionAdoptedDto,
  ReleaseRequested: dtos.ReleaseRequestedDto,
  ReleaseRequestDecided: dtos.ReleaseRequestDecidedDto,
  TransferredToRestrictedFreedom: dtos.TransferredToRestrictedFreedomDto,
  PersonReleased: dtos.PersonReleasedDto,
  ImplementationMeasureRecorded: dtos.ImplementationMeasureRecordedDto,
  StateFollowUpReplied: dtos.StateFollowUpRepliedDto,
  InquirySent: inquiries.InquirySentDto,
  NoResponseRecorded: inquiries.NoResponseRecordedDto,
  ResponseReceived: inquiries.ResponseReceivedDto,
  EventCorrected: EventCorrectedDto,
} satisfies Record<CaseEventType, ClassConstructor<object>>;

type FieldsThatDiffer<A, B> = Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>;
type Expect<Actual extends Wanted, Wanted> = Actual;
/**
 * Compiles only while each DTO has exactly its event's fields (`implements` alone lets a DTO lack
 * an optional field or add one): the error names the event type and the fields that differ.
 */
export type DtoFieldsAgree = Expect<
  { [T in CaseEventType]: FieldsThatDiffer<InstanceType<(typeof DTO_BY_TYPE)[T]>, CaseEventOf<T>['data']> },
  { [T in CaseEventType]: never }
>;

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 12;
/** No event has a longer list (people of a case: 500), a longer text (a note: 10,000) or more fields. */
export const MAX_ITEMS = 500;
export const MAX_TEXT = 10_000;
const MAX_KEYS = 64;

/**
 * Keys that could reach an object's prototype, nesting deeper than any event needs, and text that is
 * not well-formed Unicode: half of a surrogate pair, as a client leaves when it cuts a string of
 * UTF-16 units in the middle of an emoji. Stored, it would stay in the ledger for good as a
 * character no one can read (the dashboard shows U+FFFD), so it is refused with its place named.
 *
 * Sizes are checked here too, in one pass before any validator runs: a list, a text or an object
 * larger than any event has is refused at once, so no per-field check (some cost more than linear
 * time) ever sees 120,000 ids.
 */
export function findHostileShape(value: unknown, path = 'body', depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return `${path}: nested deeper than ${MAX_DEPTH} levels`;
  if (typeof value === 'string') {
    if (value.length > MAX_TEXT) return `${path}: longer than ${MAX_TEXT} characters`;
    return value.isWellFormed() ? undefined : notWellFormed(path, value);
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value) && value.length > MAX_ITEMS) {
    return `${path}: ${value.length} items, more than the ${MAX_ITEMS} any list may hold`;
  }
  const keys = Object.keys(value);
  if (!Array.isArray(value) && keys.length > MAX_KEYS) return `${path}: more than ${MAX_KEYS} fields`;
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) return `${path}.${key}: forbidden key`;
    if (!key.isWellFormed()) return notWellFormed(`a key in ${path}`, key);
    const found = findHostileShape((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function notWellFormed(where: string, text: string): string {
  const at = text.search(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  const unit = text.charCodeAt(at).toString(16);
  return `${where}: not well-formed Unicode (a lone surrogate \\u${unit} at index ${at})`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates `{ type, data }` against the DTO its type names; corrections' replacements too. */
export function validateCaseEvent(input: unknown, at = ''): Validated<CaseEvent> {
  if (!isPlainObject(input)) return fail(`${at || 'body'} must be an object { type, data }`);
  const { type, data: rawData } = input;
  const knownType = typeof type === 'string' && (CASE_EVENT_TYPES as readonly string[]).includes(type);
  const shape = [
    ...(knownType ? [] : [`${at}type must be one of ${CASE_EVENT_TYPES.join(', ')}`]),
    ...(isPlainObject(rawData) ? [] : [`${at}data must be an object`]),
  ];
  if (shape.length || !isPlainObject(rawData)) return { ok: false, errors: shape };
  const data = normaliseIdentifiers(rawData);
  const errors = validateDto(DTO_BY_TYPE[type as CaseEvent['type']], data, `${at}data`);
  if (type === 'EventCorrected' && data.replacement !== undefined) {
    const replacement = validateCaseEvent(data.replacement, `${at}data.replacement.`);
    if (!replacement.ok) errors.push(...replacement.errors);
    else if (replacement.value.type === 'EventCorrected')
      errors.push(`${at}data.replacement.type must not be EventCorrected`);
    // Stored as validated: its identifiers normalised like any event's.
    else data.replacement = replacement.value;
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { type, data: plainCopy(data) } as unknown as CaseEvent };
}

export function validateDto(dto: ClassConstructor<object>, data: unknown, path: string): string[] {
  const instance = plainToInstance(dto, data);
  const problems = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  return flatten(problems, path);
}

function flatten(errors: ValidationError[], path: string): string[] {
  return errors.flatMap((error) => {
    const here = `${path}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.includes('should not exist') ? `${here} is not a known field` : `${here}: ${message}`,
    );
    return [...own, ...flatten(error.children ?? [], here)];
  });
}

const fail = <T>(message: string): Validated<T> => ({ ok: false, errors: [message] });

/** A JSON copy: no class instances or prototypes reach the domain or the store. */
const plainCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
