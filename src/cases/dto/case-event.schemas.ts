import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CASE_EVENT_TYPES } from '../../../domain/case/case.events';
import { DTO_BY_TYPE } from './case-event.validation';
import { OpenCaseDto } from './request-bodies';
import { DtoSchemas } from './dto-schema';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const wrapperName = (type: string) => `Record${type}`;
const FACT_TYPES = CASE_EVENT_TYPES.filter((type) => type !== 'EventCorrected');

/** `POST /cases`: CaseOpened's data plus the caseId. */
export const OPEN_CASE_BODY = ref('OpenCase');

/**
 * `POST /cases/{caseId}/events`: one of the per-type bodies, `type` naming which; each body's
 * `data` is that type's DTO (oneOf + discriminator, as OpenAPI 3.0 spells a tagged union).
 */
export const RECORD_EVENT_BODY: SchemaObject = {
  oneOf: CASE_EVENT_TYPES.map((type) => ref(wrapperName(type))),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(CASE_EVENT_TYPES.map((type) => [type, ref(wrapperName(type)).$ref])),
  },
};

/** Adds the request DTOs' schemas, read from their class-validator decorators, to the document. */
export function addCaseEventSchemas(document: OpenAPIObject): void {
  const dtos = new DtoSchemas();
  dtos.ref(OpenCaseDto);
  for (const type of CASE_EVENT_TYPES) {
    const data = dtos.ref(DTO_BY_TYPE[type]);
    dtos.schemas[wrapperName(type)] = {
      type: 'object',
      description: `Records one ${type} event`,
      properties: {
        type: { type: 'string', enum: [type] },
        data,
        expectedRevision: {
          type: 'integer',
          minimum: 0,
          description: "The case's current revision as the client knows it; 409 when it moved on",
        },
      },
      required: ['type', 'data'],
      additionalProperties: false,
    };
  }
  // `replacement` is validated by hand (by the DTO its own `type` names), so no decorator says so.
  const corrected = dtos.schemas[DTO_BY_TYPE.EventCorrected.name.replace(/Dto$/, '')];
  corrected.properties!.replacement = {
    type: 'object',
    description:
      "The fact that takes the corrected one's place: { type, data } of any type but EventCorrected, data as that type's schema",
    properties: {
      type: { type: 'string', enum: [...FACT_TYPES] },
      data: { oneOf: FACT_TYPES.map((type) => dtos.ref(DTO_BY_TYPE[type])) },
    },
    required: ['type', 'data'],
  };
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...dtos.schemas } };
}
