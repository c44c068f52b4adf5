import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type DtoClass = abstract new (...args: never[]) => object;

/**
 * OpenAPI schemas read from the class-validator decorators of the request DTOs, so the document
 * says exactly what the validation enforces and cannot drift from it. (jest runs through swc, where
 * the @nestjs/swagger CLI plugin's metadata does not exist; this works under every compiler.)
 * A validator this file does not know throws: a new decorator must be described here, not skipped.
 */
export class DtoSchemas {
  readonly schemas: Record<string, SchemaObject> = {};

  /** The schema's name in components, registering it (and its nested DTOs) on first use. */
  ref(dto: DtoClass): { $ref: string } {
    const name = schemaName(dto);
    if (!this.schemas[name]) {
      this.schemas[name] = {}; // claims the name first, so a DTO that nests itself terminates
      this.schemas[name] = this.build(dto);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  private build(dto: DtoClass): SchemaObject {
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const meta of getMetadataStorage().getTargetValidationMetadatas(dto as never, '', true, false)) {
      byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
    }
    const properties: Record<string, SchemaObject | { $ref: string }> = {};
    const required: string[] = [];
    for (const [property, metas] of byProperty) {
      if (!metas.some((m) => m.name === 'isOptional')) required.push(property);
      properties[property] = this.property(dto, property, metas);
    }
    return {
      type: 'object',
      properties,
      ...(required.length ? { required } : {}),
      // The pipes validate with forbidNonWhitelisted: an unknown field is a 400.
      additionalProperties: false,
    };
  }

  private property(dto: DtoClass, property: string, metas: ValidationMetadata[]): SchemaObject | { $ref: string } {
    const isArray = metas.some((m) => m.name === 'isArray');
    const own: SchemaObject = {};
    const items: SchemaObject = {};
    let nested: { $ref: string } | undefined;
    for (const meta of metas) {
      if (meta.type === 'nestedValidation') {
        const typeFn = defaultMetadataStorage.findTypeMetadata(dto as never, property)?.typeFunction;
        if (!typeFn) throw new Error(`${dto.name}.${property}: @ValidateNested without @Type`);
        nested = this.ref(typeFn() as DtoClass);
        continue;
      }
      if (meta.name === 'isOptional' || meta.type === 'whitelist') continue;
      describe(meta, meta.each ? items : own, `${dto.name}.${property}`);
    }
    if (isArray) {
      return { ...own, type: 'array', items: nested ?? items };
    }
    if (nested) return Object.keys(own).length === 0 || own.type === 'object' ? nested : { allOf: [nested], ...own };
    return own;
  }
}

const schemaName = (dto: DtoClass) => dto.name.replace(/Dto$/, '');

/** Adds what one validator enforces to `schema`; every name the DTOs use must appear here. */
function describe(meta: ValidationMetadata, schema: SchemaObject, where: string): void {
  const c = meta.constraints as unknown[] | undefined;
  switch (meta.name) {
    case 'isString':
      schema.type = 'string';
      return;
    case 'minLength':
      schema.minLength = c![0] as number;
      return;
    case 'maxLength':
      schema.maxLength = c![0] as number;
      return;
    case 'isLength':
      schema.minLength = c![0] as number;
      if (c![1] !== undefined) schema.maxLength = c![1] as number;
      return;
    case 'matches':
      schema.type ??= 'string';
      schema.pattern = (c![0] as RegExp).source;
      return;
    case 'isIn':
      schema.enum = [...(c![0] as unknown[])];
      if ((c![0] as unknown[]).every((v) => typeof v === 'string')) schema.type = 'string';
      return;
    case 'isInt':
      schema.type = 'integer';
      return;
    case 'min':
      schema.minimum = c![0] as number;
      return;
    case 'max':
      schema.maximum = c![0] as number;
      return;
    case 'isArray':
      return;
    case 'arrayMinSize':
      schema.minItems = c![0] as number;
      return;
    case 'arrayMaxSize':
      schema.maxItems = c![0] as number;
      return;
    case 'arrayUnique':
    case 'isDistinct':
      schema.uniqueItems = true;
      return;
    case 'isIdentifier':
      schema.description = 'Trimmed and normalised (NFC) when recorded; no control or format characters';
      return;
    case 'isName':
      schema.description = 'Any script; no control characters and no bidirectional embeddings, overrides or isolates';
      return;
    case 'isObject':
      schema.type = 'object';
      return;
    case 'isUrl':
      schema.type = 'string';
      schema.format = 'uri';
      return;
    case 'isPartialDate':
      schema.type = 'string';
      schema.pattern = PARTIAL_DATE_PATTERN;
      schema.description = 'A partial date: YYYY, YYYY-MM, YYYY-MM-DD, or A/B (between two of those)';
      schema.example = '2022-07';
      return;
    default:
      throw new Error(`${where}: no OpenAPI description for validator ${meta.name ?? meta.type}`);
  }
}

/** The shape only; the pipe also checks the date exists and that A is before B. */
export const PARTIAL_DATE_PATTERN = '^\\d{4}(-\\d{2}(-\\d{2})?)?(/\\d{4}(-\\d{2}(-\\d{2})?)?)?$';
