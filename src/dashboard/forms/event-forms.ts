import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CASE_EVENT_TYPES, type CaseEventType } from '../../../domain/case/case.events';
import { DTO_BY_TYPE } from '../../cases/dto/case-event.validation';
import { OpenCaseDto } from '../../cases/dto/request-bodies';
import { DtoSchemas, PARTIAL_DATE_PATTERN } from '../../cases/dto/dto-schema';
import type { EventForms, FormField, ListName } from '../web/forms/form-types';

type Schema = SchemaObject | { $ref: string };

/** Fields that name something the case already holds: the form offers what it holds instead of a blank box. */
const REFERS_TO: Record<string, ListName> = {
  personId: 'people',
  personIds: 'people',
  opinionId: 'opinions',
  requestId: 'requests',
  inquiryId: 'inquiries',
};
/** Where the event brings the thing in, its id is new and typed. */
const INTRODUCES: Partial<Record<CaseEventType, string>> = {
  SubjectAdded: 'personId',
  UnOpinionAdopted: 'opinionId',
  ReleaseRequested: 'requestId',
  InquirySent: 'inquiryId',
};
/** A correction names the fact it corrects by revision; its replacement is the corrected fact's own form. */
const CORRECTION_REFERS_TO: Record<string, ListName> = { revision: 'facts' };
/** Text longer than this gets several lines. */
const LONG_TEXT = 2000;

/**
 * The forms of the dashboard, read from the OpenAPI schemas that the request DTOs' decorators produce
 * (src/docs/dto-schema.ts): a field added to a DTO appears in its form, and the server's validation of it, at once.
 */
export function eventForms(): EventForms {
  const dtos = new DtoSchemas();
  const fieldsOf = (dto: DtoClass, refersTo: Record<string, ListName> = {}) => dtoFields(dto, refersTo, dtos);
  const events: Record<string, FormField[]> = {};
  for (const type of CASE_EVENT_TYPES) {
    if (type === 'CaseOpened') continue; // opened on its own page, with the caseId
    const introduced = INTRODUCES[type];
    const refersTo =
      type === 'EventCorrected'
        ? CORRECTION_REFERS_TO
        : Object.fromEntries(Object.entries(REFERS_TO).filter(([key]) => key !== introduced));
    events[type] = fieldsOf(DTO_BY_TYPE[type], refersTo);
  }
  return { openCase: fieldsOf(OpenCaseDto), events };
}

type DtoClass = Parameters<DtoSchemas['ref']>[0];

/** One DTO's form fields, from the schema its decorators give. */
export function dtoFields(
  dto: DtoClass,
  refersTo: Record<string, ListName> = {},
  dtos = new DtoSchemas(),
): FormField[] {
  return objectFields(resolve(dtos, dtos.ref(dto)), dtos, refersTo);
}

function resolve(dtos: DtoSchemas, schema: Schema): SchemaObject {
  if ('$ref' in schema) return dtos.schemas[schema.$ref.replace('#/components/schemas/', '')];
  if (schema.allOf?.length === 1) return { ...resolve(dtos, schema.allOf[0]), ...schema, allOf: undefined };
  return schema;
}

function objectFields(schema: SchemaObject, dtos: DtoSchemas, refersTo: Record<string, ListName>): FormField[] {
  const required = new Set(schema.required ?? []);
  // The caseId first, the annotations (sources, note) last: the order a recorder reads a source in.
  const keys = Object.keys(schema.properties ?? {}).sort((a, b) => rank(a) - rank(b));
  return keys.flatMap((key) => {
    const field = fieldOf(key, resolve(dtos, schema.properties![key]), required.has(key), dtos, refersTo);
    return field ? [field] : [];
  });
}

const rank = (key: string) => (key === 'caseId' ? -1 : key === 'sources' ? 1 : key === 'note' ? 2 : 0);

function fieldOf(
  key: string,
  schema: SchemaObject,
  required: boolean,
  dtos: DtoSchemas,
  refersTo: Record<string, ListName>,
): FormField | undefined {
  const base = { key, required, ...(schema.description ? { help: schema.description } : {}) };
  if (schema.type === 'array') {
    const items = resolve(dtos, schema.items ?? {});
    const sizes = {
      ...(schema.minItems !== undefined ? { minItems: schema.minItems } : {}),
      ...(schema.maxItems !== undefined ? { maxItems: schema.maxItems } : {}),
    };
    if (items.type === 'object') return { ...base, kind: 'rows', fields: objectFields(items, dtos, {}), ...sizes };
    if (items.enum) return { ...base, kind: 'choices', options: items.enum.map(String) };
    if (refersTo[key]) return { ...base, kind: 'picks', from: refersTo[key] };
    return { ...base, kind: 'lines', ...(schema.maxItems !== undefined ? { maxItems: schema.maxItems } : {}) };
  }
  if (schema.type === 'object') {
    // An object with no fields of its own (a correction's replacement) is filled by another form.
    return schema.properties ? { ...base, kind: 'group', fields: objectFields(schema, dtos, {}) } : undefined;
  }
  if (refersTo[key]) return { ...base, kind: 'pick', from: refersTo[key] };
  if (schema.enum) return { ...base, kind: 'choice', options: schema.enum.map(String) };
  if (schema.type === 'integer' || schema.type === 'number') {
    return { ...base, kind: 'number', min: schema.minimum, max: capped(schema.maximum) };
  }
  if (schema.pattern === PARTIAL_DATE_PATTERN) return { ...base, kind: 'date' };
  return {
    ...base,
    kind: 'text',
    long: (schema.maxLength ?? 0) > LONG_TEXT,
    ...(schema.maxLength !== undefined ? { maxLength: schema.maxLength } : {}),
    ...(schema.pattern ? { pattern: schema.pattern } : {}),
  };
}

/** Number.MAX_SAFE_INTEGER is no bound a person types against. */
const capped = (max: number | undefined) => (max !== undefined && max < 1e9 ? max : undefined);
