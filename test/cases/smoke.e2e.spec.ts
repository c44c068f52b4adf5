import { readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from '../support/test-app';

describe('recording smoke', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('records the worked example over HTTP and reads its figures', async () => {
    const items = JSON.parse(readFileSync('examples/forum18-kazakhstan-2023.json', 'utf8')) as Array<{
      caseId: string;
      type: string;
      data: Record<string, unknown>;
    }>;
    for (const item of items) {
      const res =
        item.type === 'CaseOpened'
          ? await t.http
              .post('/cases')
              .set(t.bearer('recorder'))
              .send({ caseId: item.caseId, ...item.data })
          : await t.http
              .post(`/cases/${item.caseId}/events`)
              .set(t.bearer('recorder'))
              .send({ type: item.type, data: item.data });
      if (res.status !== 201) console.log(item, res.body);
      expect(res.status).toBe(201);
    }
    const opinion = await t.http
      .get(`/opinions/${encodeURIComponent('A/HRC/WGAD/2021/33')}`)
      .query({ asOf: '2023-09-26' });
    console.log(JSON.stringify(opinion.body, null, 1).slice(0, 3000), opinion.headers['x-checkpoint']);
    expect(opinion.body.daysSinceAdoption).toEqual({ min: 726, max: 755 });
  });
});
