import { startTestApp, type TestApp } from '../support/test-app';
import { Ledger, VALID, openBody, type Data } from './e2e-helpers';

/** 400 for malformed input: stable code, a message that names every bad field, nothing stored. */

const CASE = 'malformed-case';

type Case400 = [what: string, body: unknown, fields: RegExp[]];

const convicted = VALID.PersonConvicted;
const BODIES: Case400[] = [
  ['an unknown type', { type: 'PersonVanished', data: {} }, [/^type must be one of CaseOpened, SubjectAdded/]],
  ['a missing type', { data: VALID.SubjectAdded }, [/type must be one of/]],
  ['an empty object', {}, [/^type must be one of/, /^data must be an object/]],
  ['neither type nor data right', { type: 'Nope', data: 5 }, [/^type must be one of/, /^data must be an object/]],
  ['a missing data', { type: 'SubjectAdded' }, [/data must be an object/]],
  ['data that is an array', { type: 'SubjectAdded', data: [] }, [/data must be an object/]],
  [
    'missing fields',
    { type: 'PersonConvicted', data: { personId: 'ann-a', occurredOn: '2019' } },
    [/data\.court/, /data\.charges/, /data\.sentence/],
  ],
  [
    'an extra data field',
    { type: 'SubjectAdded', data: { ...VALID.SubjectAdded, age: 40 } },
    [/data\.age is not a known field/],
  ],
  [
    'an extra top-level field',
    { type: 'SubjectAdded', data: VALID.SubjectAdded, revision: 3 },
    [/revision is not a known field/],
  ],
  [
    'client metadata',
    { type: 'SubjectAdded', data: VALID.SubjectAdded, metadata: { actor: 'me' } },
    [/metadata is not a known field/],
  ],
  [
    'metadata inside data',
    { type: 'SubjectAdded', data: { ...VALID.SubjectAdded, recordedAt: '2020-01-01T00:00:00Z' } },
    [/data\.recordedAt is not a known field/],
  ],
  [
    '2023-02-30',
    { type: 'PersonArrested', data: { personIds: ['ann-a'], occurredOn: '2023-02-30' } },
    [/data\.occurredOn.*2023-02-30 is not a calendar date/],
  ],
  ['month 13', { type: 'PersonArrested', data: { personIds: ['ann-a'], occurredOn: '2023-13' } }, [/data\.occurredOn/]],
  [
    'an interval that ends before it starts',
    { type: 'PersonArrested', data: { personIds: ['ann-a'], occurredOn: '2023/2022' } },
    [/data\.occurredOn.*starts after it ends/],
  ],
  [
    'a date with a time',
    { type: 'PersonArrested', data: { personIds: ['ann-a'], occurredOn: '2023-01-01T10:00' } },
    [/data\.occurredOn/],
  ],
  [
    'a date as a number',
    { type: 'PersonArrested', data: { personIds: ['ann-a'], occurredOn: 2023 } },
    [/data\.occurredOn/],
  ],
  [
    'a bad source date',
    { type: 'SubjectAdded', data: { ...VALID.SubjectAdded, sources: [{ publishedOn: '2023-02-29' }] } },
    [/data\.sources\.0\.publishedOn/],
  ],
  [
    'a bad personId',
    { type: 'SubjectAdded', data: { personId: 'Ann A', name: 'A' } },
    [/data\.personId: personId must match/],
  ],
  ['an empty personIds', { type: 'PersonArrested', data: { personIds: [], occurredOn: '2019' } }, [/data\.personIds/]],
  [
    'an unknown enum value',
    { type: 'PersonReleased', data: { personId: 'ann-a', occurredOn: '2020', basis: 'escape' } },
    [/data\.basis/],
  ],
  [
    'a bad sentence kind',
    { type: 'PersonConvicted', data: { ...convicted, sentence: { kind: 'exile', years: 3 } } },
    [/data\.sentence\.kind/, /data\.sentence\.years is not a known field/],
  ],
  [
    'followUpMonths out of range',
    { type: 'UnOpinionAdopted', data: { ...VALID.UnOpinionAdopted, followUpMonths: 61 } },
    [/data\.followUpMonths/],
  ],
  ['no calls', { type: 'UnOpinionAdopted', data: { ...VALID.UnOpinionAdopted, calls: [] } }, [/data\.calls/]],
  [
    'a replacement that is a correction',
    {
      type: 'EventCorrected',
      data: { revision: 1, reason: 'r', replacement: { type: 'EventCorrected', data: { revision: 0, reason: 'r' } } },
    },
    [/data\.replacement\.type must not be EventCorrected/],
  ],
  [
    'a bad replacement',
    {
      type: 'EventCorrected',
      data: { revision: 1, reason: 'r', replacement: { type: 'SubjectAdded', data: { personId: 'X' } } },
    },
    [/data\.replacement\.data\.personId/, /data\.replacement\.data\.name/],
  ],
  [
    'a negative correction revision',
    { type: 'EventCorrected', data: { revision: -1, reason: 'r' } },
    [/data\.revision/],
  ],
  [
    'expectedRevision 1.5',
    { type: 'SubjectAdded', data: VALID.SubjectAdded, expectedRevision: 1.5 },
    [/expectedRevision must be a whole number/],
  ],
  [
    'expectedRevision "1"',
    { type: 'SubjectAdded', data: VALID.SubjectAdded, expectedRevision: '1' },
    [/expectedRevision must be a whole number/],
  ],
  [
    'expectedRevision -1',
    { type: 'SubjectAdded', data: VALID.SubjectAdded, expectedRevision: -1 },
    [/expectedRevision must be a whole number/],
  ],
  [
    'expectedRevision null',
    { type: 'SubjectAdded', data: VALID.SubjectAdded, expectedRevision: null },
    [/expectedRevision must be a whole number/],
  ],
  [
    'everything wrong at once',
    {
      type: 'PersonArrested',
      data: { personIds: ['X'], occurredOn: '2023-02-30', when: 1 },
      expectedRevision: 'x',
      extra: true,
    },
    [
      /extra is not a known field/,
      /expectedRevision/,
      /data\.personIds/,
      /data\.occurredOn/,
      /data\.when is not a known field/,
    ],
  ],
];

/** JSON text that is not an object, or not JSON: refused before any field is looked at. */
const TEXTS: Array<[what: string, text: string, contentType: string, message: RegExp]> = [
  ['a JSON array', '[{"type":"SubjectAdded"}]', 'application/json', /body must be a JSON object/],
  ['JSON null', 'null', 'application/json', /./],
  ['a JSON string', '"SubjectAdded"', 'application/json', /./],
  ['a JSON number', '42', 'application/json', /./],
  ['broken JSON', '{"type": "SubjectAdded", "data": {', 'application/json', /JSON/],
  ['an empty body', '', 'application/json', /type must be one of/],
  ['plain text', 'type=SubjectAdded', 'text/plain', /body must be a JSON object/],
  ['a form', 'type=SubjectAdded&data=x', 'application/x-www-form-urlencoded', /body must be a JSON object/],
  [
    'a __proto__ key',
    '{"type":"SubjectAdded","data":{"personId":"x-x","name":"X","__proto__":{"admin":true}}}',
    'application/json',
    /data\.__proto__: forbidden key/,
  ],
  [
    'a constructor key',
    '{"type":"SubjectAdded","data":{"personId":"x-x","name":"X"},"constructor":{"prototype":{}}}',
    'application/json',
    /constructor: forbidden key/,
  ],
  [
    'half of a surrogate pair in a note (a string cut in the middle of an emoji)',
    '{"type":"SubjectAdded","data":{"personId":"x-x","name":"X","note":"cut \\ud83d"}}',
    'application/json',
    /^body\.data\.note: not well-formed Unicode \(a lone surrogate \\ud83d at index 4\)$/,
  ],
  [
    'the second half of a surrogate pair alone, in a key',
    '{"type":"SubjectAdded","data":{"personId":"x-x","name":"X","\\ude00":1}}',
    'application/json',
    /^a key in body\.data: not well-formed Unicode \(a lone surrogate \\ude00 at index 0\)$/,
  ],
  [
    'expectedRevision beyond 2^53',
    '{"type":"SubjectAdded","data":{"personId":"x-x","name":"X"},"expectedRevision":9007199254740993}',
    'application/json',
    /expectedRevision must be a whole number/,
  ],
];

describe('400 malformed input, storing nothing', () => {
  let t: TestApp;
  let ledger: Ledger;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
    await ledger.opened(CASE);
    await ledger.recorded(CASE, 'SubjectAdded');
  });
  afterAll(() => t.close());

  it.each(BODIES)('POST /cases/{id}/events with %s', async (_what, body, fields) => {
    const res = await ledger.refused(CASE, () => ledger.record(CASE, body as Data), 400, 'REQUEST.INVALID');
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    for (const field of fields) expect(res.body.errors).toContainEqual(expect.stringMatching(field));
    expect(res.body.message).toBe(res.body.errors.join('; '));
  });

  it.each(TEXTS)('POST /cases/{id}/events with %s', async (_what, text, contentType, message) => {
    const send = () =>
      t.http.post(`/cases/${CASE}/events`).set(t.bearer('recorder')).set('Content-Type', contentType).send(text);
    const res = await ledger.refused(CASE, send, 400, 'REQUEST.INVALID');
    expect(res.body.message).toMatch(message);
  });

  it('POST /cases with a title that ends in half of a surrogate pair: 400 naming the field, no case opened', async () => {
    const caseId = 'cut-title';
    const text = JSON.stringify({
      caseId,
      title: 'Nine men \ud83d',
      country: 'KZ',
      subjects: [{ personId: 'p-1', name: 'A' }],
    });
    expect(text).toContain('\\ud83d');
    const send = () =>
      t.http.post('/cases').set(t.bearer('recorder')).set('Content-Type', 'application/json').send(text);
    const res = await ledger.refused(caseId, send, 400, 'REQUEST.INVALID');
    expect(res.body.errors).toEqual(['body.title: not well-formed Unicode (a lone surrogate \\ud83d at index 9)']);
  });

  it('a whole surrogate pair (an emoji) is text like any other', async () => {
    const res = await ledger.record(CASE, {
      type: 'SubjectAdded',
      data: { personId: 'emoji-1', name: 'Ayg\u00fcl \ud83d\ude00' },
    });
    expect(res.status).toBe(201);
  });

  it('413 for a body over the limit, nothing stored', async () => {
    const data = { ...VALID.SubjectAdded, note: 'x'.repeat(2_000_000) };
    const res = await ledger.refused(CASE, () => ledger.record(CASE, { type: 'SubjectAdded', data }), 413);
    expect(res.body.code).toBe('REQUEST.TOO_LARGE');
  });

  it.each(['Bad_Case', 'x', '-starts-with-hyphen', 'a'.repeat(65), 'UPPER'])(
    '400 for the caseId %s',
    async (caseId) => {
      const res = await ledger.refused(
        caseId,
        () => ledger.record(caseId, { type: 'SubjectAdded', data: VALID.SubjectAdded }),
        400,
        'REQUEST.INVALID',
      );
      expect(res.body.message).toMatch(/caseId must match/);
      const opened = await ledger.refused(caseId, () => ledger.open(caseId), 400, 'REQUEST.INVALID');
      expect(opened.body.errors).toContainEqual(expect.stringMatching(/^caseId: caseId must match/));
    },
  );

  it('400 for an Idempotency-Key that is not printable ASCII or too long', async () => {
    for (const key of ['k'.repeat(201), 'with space', 'café']) {
      const send = () =>
        t.http
          .post(`/cases/${CASE}/events`)
          .set(t.bearer('recorder'))
          .set('Idempotency-Key', key)
          .send({ type: 'SubjectAdded', data: { personId: 'kay-k', name: 'K' } });
      const res = await ledger.refused(CASE, send, 400, 'REQUEST.INVALID');
      expect(res.body.message).toMatch(/Idempotency-Key/);
    }
  });

  describe('POST /cases', () => {
    const open = (body: unknown) => () =>
      t.http
        .post('/cases')
        .set(t.bearer('recorder'))
        .send(body as Data);

    it('names every bad field', async () => {
      const body = {
        caseId: 'bad-open',
        title: '',
        country: 'kz',
        subjects: [{ personId: 'A', name: 'A', age: 3 }],
        x: 1,
      };
      const res = await ledger.refused('bad-open', open(body), 400, 'REQUEST.INVALID');
      for (const field of [
        /^title/,
        /^country/,
        /^subjects\.0\.personId/,
        /^subjects\.0\.age is not a known field/,
        /^x is not a known field/,
      ]) {
        expect(res.body.errors).toContainEqual(expect.stringMatching(field));
      }
      expect((await ledger.getCase('bad-open')).status).toBe(404);
    });

    it.each<[string, Data]>([
      ['no subjects', { ...openBody('bad-open'), subjects: [] }],
      ['no caseId', { title: 'T', country: 'KZ', subjects: [{ personId: 'ann-a', name: 'A' }] }],
      ['client metadata', { ...openBody('bad-open'), metadata: { actor: 'me' } }],
      ['type and data wrapping', { caseId: 'bad-open', type: 'CaseOpened', data: openBody('bad-open') }],
      ['a bad source date', { ...openBody('bad-open'), sources: [{ publishedOn: '2023-02-30' }] }],
    ])('refuses %s and the case stays unknown', async (_what, body) => {
      await ledger.refused('bad-open', open(body), 400, 'REQUEST.INVALID');
      expect((await ledger.getCase('bad-open')).status).toBe(404);
    });

    it('refuses an array body', async () => {
      await ledger.refused('bad-open', open([openBody('bad-open')]), 400, 'REQUEST.INVALID');
    });
  });

  it('GET /cases/{id} with a bad caseId is 400', async () => {
    const res = await ledger.getCase('Bad_Case');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.INVALID');
  });
});
