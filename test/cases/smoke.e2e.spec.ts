import { startTestApp, type TestApp } from '../support/test-app';

describe('recording smoke', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('opens a case and records an arrest', async () => {
    const opened = await t.http
      .post('/cases')
      .set(t.bearer('recorder'))
      .send({ caseId: 'kz-test', title: 'T', country: 'KZ', subjects: [{ personId: 'ab', name: 'A B' }] });
    expect(opened.status).toBe(201);
    expect(opened.body).toEqual({ caseId: 'kz-test', revision: 0 });
    const arrested = await t.http
      .post('/cases/kz-test/events')
      .set(t.bearer('recorder'))
      .send({ type: 'PersonArrested', data: { personIds: ['ab'], occurredOn: '2018-10' } });
    expect(arrested.status).toBe(201);
    expect(arrested.body.revision).toBe(1);
    const bad = await t.http
      .post('/cases/kz-test/events')
      .set(t.bearer('recorder'))
      .send({ type: 'PersonArrested', data: { personIds: ['zz'], occurredOn: '2018-10' } });
    expect(bad.status).toBe(422);
    console.log(bad.body);
    const anon = await t.http.post('/cases/kz-test/events').send({});
    expect(anon.status).toBe(401);
    const viewer = await t.http.post('/cases/kz-test/events').set(t.bearer('viewer')).send({});
    expect(viewer.status).toBe(403);
  });
});
