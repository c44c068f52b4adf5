/**
 * A JSON Schema (draft-07, for ajv) of an OpenAPI 3.0.x document: the structure the official
 * OpenAPI 3.0 schema (schemas/v3.0/schema.json of the OpenAPI Specification) enforces, written
 * out again here because it cannot be downloaded in this environment. It keeps the official
 * rules that catch real mistakes (required fields, closed objects with `x-` extensions, response
 * codes, parameter locations, schema keywords) and merges the official file's
 * example/examples and schema/content variants into single definitions.
 */
type JsonSchema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const orRef = (name: string) => ({ oneOf: [ref(name), ref('Reference')] });
const mapOf = (schema: JsonSchema) => ({ type: 'object', additionalProperties: schema });
const componentMap = (name: string) => ({
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9.\\-_]+$': orRef(name) },
  additionalProperties: false,
});
/** Closed objects: only the listed fields and `x-` extensions, as in the official schema. */
const closed = (properties: JsonSchema, required: string[] = [], extra: JsonSchema = {}) => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  patternProperties: { '^x-': {} },
  additionalProperties: false,
  ...extra,
});
const str = { type: 'string' };
const bool = { type: 'boolean' };
const nonNegative = { type: 'integer', minimum: 0 };
const anything = {};
const exampleOrExamples = { not: { required: ['example', 'examples'] } };

export const OPENAPI_3_0_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  ...closed(
    {
      openapi: { type: 'string', pattern: '^3\\.0\\.\\d(-.+)?$' },
      info: ref('Info'),
      externalDocs: ref('ExternalDocumentation'),
      servers: { type: 'array', items: ref('Server') },
      security: { type: 'array', items: ref('SecurityRequirement') },
      tags: { type: 'array', items: ref('Tag'), uniqueItems: true },
      paths: ref('Paths'),
      components: ref('Components'),
    },
    ['openapi', 'info', 'paths'],
  ),
  definitions: {
    Reference: {
      type: 'object',
      required: ['$ref'],
      properties: { $ref: { type: 'string', format: 'uri-reference' } },
    },
    Info: closed(
      {
        title: str,
        description: str,
        termsOfService: { type: 'string', format: 'uri-reference' },
        contact: ref('Contact'),
        license: ref('License'),
        version: str,
      },
      ['title', 'version'],
    ),
    Contact: closed({
      name: str,
      url: { type: 'string', format: 'uri-reference' },
      email: { type: 'string', format: 'email' },
    }),
    License: closed({ name: str, url: { type: 'string', format: 'uri-reference' } }, ['name']),
    Server: closed({ url: str, description: str, variables: mapOf(ref('ServerVariable')) }, ['url']),
    ServerVariable: closed({ enum: { type: 'array', items: str }, default: str, description: str }, ['default']),
    Components: closed({
      schemas: componentMap('Schema'),
      responses: componentMap('Response'),
      parameters: componentMap('Parameter'),
      examples: componentMap('Example'),
      requestBodies: componentMap('RequestBody'),
      headers: componentMap('Header'),
      securitySchemes: componentMap('SecurityScheme'),
      links: componentMap('Link'),
      callbacks: componentMap('Callback'),
    }),
    Schema: closed({
      title: str,
      multipleOf: { type: 'number', exclusiveMinimum: 0 },
      maximum: { type: 'number' },
      exclusiveMaximum: bool,
      minimum: { type: 'number' },
      exclusiveMinimum: bool,
      maxLength: nonNegative,
      minLength: nonNegative,
      pattern: { type: 'string', format: 'regex' },
      maxItems: nonNegative,
      minItems: nonNegative,
      uniqueItems: bool,
      maxProperties: nonNegative,
      minProperties: nonNegative,
      required: { type: 'array', items: str, minItems: 1, uniqueItems: true },
      enum: { type: 'array', items: anything, minItems: 1 },
      type: { enum: ['array', 'boolean', 'integer', 'number', 'object', 'string'] },
      not: orRef('Schema'),
      allOf: { type: 'array', items: orRef('Schema') },
      oneOf: { type: 'array', items: orRef('Schema') },
      anyOf: { type: 'array', items: orRef('Schema') },
      items: orRef('Schema'),
      properties: mapOf(orRef('Schema')),
      additionalProperties: { oneOf: [ref('Schema'), ref('Reference'), bool] },
      description: str,
      format: str,
      default: anything,
      nullable: bool,
      discriminator: ref('Discriminator'),
      readOnly: bool,
      writeOnly: bool,
      example: anything,
      externalDocs: ref('ExternalDocumentation'),
      deprecated: bool,
      xml: ref('XML'),
    }),
    Discriminator: {
      type: 'object',
      required: ['propertyName'],
      properties: { propertyName: str, mapping: mapOf(str) },
    },
    XML: closed({
      name: str,
      namespace: { type: 'string', format: 'uri' },
      prefix: str,
      attribute: bool,
      wrapped: bool,
    }),
    Response: closed(
      {
        description: str,
        headers: mapOf(orRef('Header')),
        content: mapOf(ref('MediaType')),
        links: mapOf(orRef('Link')),
      },
      ['description'],
    ),
    MediaType: closed(
      {
        schema: orRef('Schema'),
        example: anything,
        examples: mapOf(orRef('Example')),
        encoding: mapOf(ref('Encoding')),
      },
      [],
      exampleOrExamples,
    ),
    Example: closed({
      summary: str,
      description: str,
      value: anything,
      externalValue: { type: 'string', format: 'uri-reference' },
    }),
    Header: closed(
      {
        description: str,
        required: bool,
        deprecated: bool,
        allowEmptyValue: bool,
        style: { enum: ['simple'] },
        explode: bool,
        allowReserved: bool,
        schema: orRef('Schema'),
        content: { ...mapOf(ref('MediaType')), minProperties: 1, maxProperties: 1 },
        example: anything,
        examples: mapOf(orRef('Example')),
      },
      [],
      { oneOf: [{ required: ['schema'] }, { required: ['content'] }], ...exampleOrExamples },
    ),
    Paths: {
      type: 'object',
      patternProperties: { '^\\/': ref('PathItem'), '^x-': {} },
      additionalProperties: false,
    },
    PathItem: closed({
      $ref: str,
      summary: str,
      description: str,
      ...Object.fromEntries(
        ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].map((m) => [m, ref('Operation')]),
      ),
      servers: { type: 'array', items: ref('Server') },
      parameters: { type: 'array', items: orRef('Parameter'), uniqueItems: true },
    }),
    Operation: closed(
      {
        tags: { type: 'array', items: str },
        summary: str,
        description: str,
        externalDocs: ref('ExternalDocumentation'),
        operationId: str,
        parameters: { type: 'array', items: orRef('Parameter'), uniqueItems: true },
        requestBody: orRef('RequestBody'),
        responses: ref('Responses'),
        callbacks: mapOf(orRef('Callback')),
        deprecated: bool,
        security: { type: 'array', items: ref('SecurityRequirement') },
        servers: { type: 'array', items: ref('Server') },
      },
      ['responses'],
    ),
    Responses: {
      type: 'object',
      properties: { default: orRef('Response') },
      patternProperties: { '^[1-5](?:\\d{2}|XX)$': orRef('Response'), '^x-': {} },
      minProperties: 1,
      additionalProperties: false,
    },
    SecurityRequirement: mapOf({ type: 'array', items: str }),
    Tag: closed({ name: str, description: str, externalDocs: ref('ExternalDocumentation') }, ['name']),
    ExternalDocumentation: closed({ description: str, url: { type: 'string', format: 'uri-reference' } }, ['url']),
    Parameter: closed(
      {
        name: str,
        in: { enum: ['query', 'header', 'path', 'cookie'] },
        description: str,
        required: bool,
        deprecated: bool,
        allowEmptyValue: bool,
        style: { enum: ['matrix', 'label', 'form', 'simple', 'spaceDelimited', 'pipeDelimited', 'deepObject'] },
        explode: bool,
        allowReserved: bool,
        schema: orRef('Schema'),
        content: { ...mapOf(ref('MediaType')), minProperties: 1, maxProperties: 1 },
        example: anything,
        examples: mapOf(orRef('Example')),
      },
      ['name', 'in'],
      {
        allOf: [
          { oneOf: [{ required: ['schema'] }, { required: ['content'] }] },
          exampleOrExamples,
          // A path parameter is always required.
          {
            if: { properties: { in: { const: 'path' } } },
            then: { required: ['required'], properties: { required: { const: true } } },
          },
        ],
      },
    ),
    RequestBody: closed({ description: str, content: mapOf(ref('MediaType')), required: bool }, ['content']),
    SecurityScheme: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: ['apiKey', 'http', 'oauth2', 'openIdConnect'] }, description: str },
      allOf: [
        {
          if: { properties: { type: { const: 'apiKey' } } },
          then: { required: ['name', 'in'], properties: { name: str, in: { enum: ['header', 'query', 'cookie'] } } },
        },
        {
          if: { properties: { type: { const: 'http' } } },
          then: { required: ['scheme'], properties: { scheme: str, bearerFormat: str } },
        },
        { if: { properties: { type: { const: 'oauth2' } } }, then: { required: ['flows'] } },
        { if: { properties: { type: { const: 'openIdConnect' } } }, then: { required: ['openIdConnectUrl'] } },
      ],
    },
    Link: closed({
      operationId: str,
      operationRef: { type: 'string', format: 'uri-reference' },
      parameters: mapOf(anything),
      requestBody: anything,
      description: str,
      server: ref('Server'),
    }),
    Callback: { type: 'object', additionalProperties: ref('PathItem'), patternProperties: { '^x-': {} } },
    Encoding: {
      type: 'object',
      properties: {
        contentType: str,
        headers: mapOf(orRef('Header')),
        style: { enum: ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'] },
        explode: bool,
        allowReserved: bool,
      },
      additionalProperties: false,
    },
  },
};
