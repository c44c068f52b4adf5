import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CASE_EVENT_TYPES } from '../../domain/case/case.events';
import { OPENAPI_3_0_SCHEMA } from '../support/openapi-3.0.schema';
import { servedRoutes } from '../support/served-routes';
import { startTestApp, type TestApp } from '../support/test-app';

type Json = Record<string, unknown>;
interface Operation extends Json {
  operationId?: string;
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema: Json }> };
  'x-required-access'?: { access: string; roles: string[] };
}
type Doc = Json & {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes?: Record<string, Json> };
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** ajv is in node_modules (through @nestjs/cli); it should become a devDependency of its own. */
const newAjv = () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
};

function operations(doc: Doc): Array<{ method: string; path: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as Doc;
  });
  afterAll(() => t.close());

  it('serves Swagger UI at /docs and the document at /docs-json without a key', async () => {
    const ui = await t.http.get('/docs/');
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(doc.openapi).toMatch(/^3\.0\./);
  });

  it('is a valid OpenAPI 3.0 document whose references all resolve', () => {
    const validate = newAjv().compile(OPENAPI_3_0_SCHEMA);
    const valid = validate(doc);
    expect(
      valid ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
    ).toEqual([]);
    const unresolved = [...new Set(refsIn(doc))].filter((ref) => {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      return !name || !doc.components.schemas[name];
    });
    expect(unresolved).toEqual([]);
    const ids = operations(doc).map(({ op }) => op.operationId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, op } of operations(doc)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort();
      expect({ path, declared }).toEqual({ path, declared: templated });
    }
  });

  it('documents every route the app serves, and nothing it does not', () => {
    const served = servedRoutes(t.app).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    const documented = operations(doc).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(served.length).toBeGreaterThan(10);
    expect(served.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !served.includes(r))).toEqual([]);
  });

  it('documents each operation’s access, roles and error answers', () => {
    expect(doc.components.securitySchemes).toBeDefined();
    for (const { method, path, op } of operations(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      const access = op['x-required-access'];
      expect({ where, access: access?.access }).toEqual({ where, access: expect.any(String) });
      const errors = Object.keys(op.responses).filter((status) => Number(status) >= 400);
      if (access!.access === 'public') continue;
      expect({ where, roles: access!.roles.length > 0, security: op.security?.length }).toEqual({
        where,
        roles: true,
        security: expect.any(Number),
      });
      expect({ where, errors: ['401', '403', '429'].filter((s) => !errors.includes(s)) }).toEqual({
        where,
        errors: [],
      });
      for (const status of errors) {
        expect({ where, status, schema: op.responses[status].content?.['application/json']?.schema }).toEqual({
          where,
          status,
          schema: { $ref: '#/components/schemas/ProblemDto' },
        });
      }
    }
  });

  it('describes the record-event body as a oneOf over one schema per event type', () => {
    const body = doc.paths['/cases/{caseId}/events'].post.requestBody!.content['application/json'].schema as {
      oneOf: Array<{ $ref: string }>;
      discriminator: { propertyName: string; mapping: Record<string, string> };
    };
    expect(body.discriminator.propertyName).toBe('type');
    expect(Object.keys(body.discriminator.mapping).sort()).toEqual([...CASE_EVENT_TYPES].sort());
    expect(body.oneOf).toHaveLength(CASE_EVENT_TYPES.length);
    for (const type of CASE_EVENT_TYPES) {
      const wrapper = doc.components.schemas[`Record${type}`] as { properties: Record<string, Json> };
      expect(wrapper.properties.type).toEqual({ type: 'string', enum: [type] });
      expect(wrapper.properties.data).toEqual({ $ref: `#/components/schemas/${type}` });
    }
  });

  it('agrees with the validation: the worked example fits the documented bodies, and refused bodies do not', async () => {
    const ajv = newAjv();
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const openCase = ajv.compile({ $ref: 'doc#/components/schemas/OpenCase' });
    const record = ajv.compile({
      oneOf: CASE_EVENT_TYPES.map((type) => ({ $ref: `doc#/components/schemas/Record${type}` })),
    });
    const items = JSON.parse(readFileSync('examples/forum18-kazakhstan-2023.json', 'utf8')) as Array<{
      caseId: string;
      type: string;
      data: Json;
    }>;
    for (const item of items) {
      const ok =
        item.type === 'CaseOpened'
          ? openCase({ caseId: item.caseId, ...item.data })
          : record({ type: item.type, data: item.data });
      expect({ item: item.type, errors: ok ? null : (item.type === 'CaseOpened' ? openCase : record).errors }).toEqual({
        item: item.type,
        errors: null,
      });
    }
    const refused = [
      { type: 'PersonReleased', data: { personId: 'a-person', occurredOn: '2023-01-01' } }, // basis missing
      { type: 'PersonReleased', data: { personId: 'a-person', occurredOn: '2023', basis: 'pardon', extra: 1 } },
      { type: 'NoSuchEvent', data: {} },
    ];
    for (const body of refused) {
      expect(record(body)).toBe(false);
      const answer = await t.http.post('/cases/some-case/events').set(t.bearer('recorder')).send(body);
      expect(answer.status).toBe(400);
    }
  });
});
