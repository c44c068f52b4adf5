import { alertsSettled } from '../alerts/alerts-support';
import { startTestApp, type TestApp } from '../support/test-app';
import { Ledger, type Data } from './e2e-helpers';

/**
 * The four situations of domain integrity, over HTTP, with the figures a user reads: a release undone by a
 * re-arrest, one opinion recorded differently in two cases, a correction that would leave an impossible history,
 * and a certain later fact that makes an earlier vague one certain.
 */
describe('domain integrity over HTTP', () => {
  let t: TestApp;
  let ledger: Ledger;

  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
  });
  afterAll(() => t.close());

  const arrest = (occurredOn: string, personIds = ['ann-a']) => ({
    type: 'PersonArrested',
    data: { personIds, occurredOn },
  });
  const conviction = (occurredOn: string, kind = 'imprisonment') => ({
    type: 'PersonConvicted',
    data: { personId: 'ann-a', occurredOn, court: 'City Court', charges: ['Article 174'], sentence: { kind } },
  });
  const release = (occurredOn: string, basis = 'pardon') => ({
    type: 'PersonReleased',
    data: { personId: 'ann-a', occurredOn, basis },
  });
  const opinion = (opinionId: string, more: Data = {}) => ({
    type: 'UnOpinionAdopted',
    data: { opinionId, mechanism: 'WGAD', occurredOn: '2021-09-01', calls: ['release'], ...more },
  });
  const correction = (revision: number, replacement?: { type: string; data: Data }) => ({
    type: 'EventCorrected',
    data: { revision, reason: 'misread the source', ...(replacement && { replacement }) },
  });
  async function recordAll(caseId: string, events: Array<{ type: string; data: Data }>): Promise<void> {
    for (const event of events) await ledger.recorded(caseId, event.type, event.data);
  }
  const opinionAsOf = async (opinionId: string, asOf: string) => {
    const res = await t.http.get(`/opinions/${encodeURIComponent(opinionId)}`).query({ asOf });
    expect(res.status).toBe(200);
    return res.body as Record<string, unknown> & { calls: Array<Record<string, unknown>> };
  };

  it('1. pardoned on 2022-01-10, arrested again on 2022-06-01, convicted again on 2022-09-01: not implemented, E', async () => {
    const caseId = 'kz-pardoned-and-rearrested';
    const id = 'A/HRC/WGAD/2021/901';
    await ledger.opened(caseId, ['ann-a']);
    await recordAll(caseId, [
      arrest('2020-03-01'),
      conviction('2020-09-01'),
      opinion(id),
      release('2022-01-10'),
      arrest('2022-06-01'),
      conviction('2022-09-01'),
    ]);
    expect(await opinionAsOf(id, '2022-05-31')).toMatchObject({
      status: 'implemented',
      grade: 'A',
      calls: [{ call: 'release', status: 'implemented', implementedOn: '2022-01-10' }],
    });
    const asOf2023 = await opinionAsOf(id, '2023-09-26');
    expect(asOf2023).toMatchObject({ status: 'not_implemented', grade: 'E', custody: { imprisoned: 1, released: 0 } });
    expect(asOf2023.calls).toEqual([
      { call: 'release', status: 'not_implemented', daysOutstanding: { min: 755, max: 755 } },
    ]);
    const page = await t.http.get(`/cases/${caseId}`).query({ asOf: '2023-09-26' });
    expect(page.body.subjects).toEqual([{ personId: 'ann-a', name: 'Name of ann-a', custody: 'imprisoned' }]);

    // Restored by a later release.
    await ledger.recorded(caseId, 'PersonReleased', release('2023-03-01', 'acquittal').data);
    expect(await opinionAsOf(id, '2023-09-26')).toMatchObject({
      status: 'implemented',
      grade: 'A',
      calls: [{ call: 'release', status: 'implemented', implementedOn: '2023-03-01' }],
      custody: { released: 1 },
    });
  });

  it('2. one opinion recorded as WGAD 2021-08-31 and then as CCPR 2020-01: 422 naming the case and the field', async () => {
    const id = 'A/HRC/WGAD/2021/902';
    await ledger.opened('kz-first-record', ['ann-a']);
    await ledger.recorded('kz-first-record', 'UnOpinionAdopted', opinion(id, { occurredOn: '2021-08-31' }).data);
    await ledger.opened('uz-second-record', ['ann-a']);
    const asCcpr = opinion(id, { mechanism: 'CCPR', occurredOn: '2020-01' });
    const refused = await ledger.refused('uz-second-record', () => ledger.record('uz-second-record', asCcpr), 422);
    expect(refused.body).toMatchObject({
      code: 'OPINION.CONFLICTING_RECORD',
      field: 'data.mechanism',
      message: `${id} is recorded in case kz-first-record with mechanism WGAD, not CCPR; an opinion's mechanism is the same in every case`,
    });
    const anotherDay = opinion(id, { occurredOn: '2020-01' });
    const refusedDay = await ledger.refused(
      'uz-second-record',
      () => ledger.record('uz-second-record', anotherDay),
      422,
    );
    expect(refusedDay.body).toMatchObject({ code: 'OPINION.CONFLICTING_RECORD', field: 'data.occurredOn' });
    expect(refusedDay.body.message).toContain(
      'recorded in case kz-first-record with occurredOn 2021-08-31, not 2020-01',
    );

    // A record that agrees is accepted; the opinion is one entry over both cases, with no conflict.
    await ledger.recorded(
      'uz-second-record',
      'UnOpinionAdopted',
      opinion(id, { occurredOn: '2021-08-31', calls: ['compensation'] }).data,
    );
    expect(await opinionAsOf(id, '2023-09-26')).toMatchObject({
      caseIds: ['kz-first-record', 'uz-second-record'],
      conflicts: [],
    });

    // A correction in one case gets through; the opinion's view and an alert say the records disagree.
    await ledger.recorded(
      'kz-first-record',
      'EventCorrected',
      correction(1, opinion(id, { occurredOn: '2021-09-01' })).data,
    );
    expect((await opinionAsOf(id, '2023-09-26')).conflicts).toEqual([
      {
        field: 'occurredOn',
        values: [
          { value: '2021-09-01', caseIds: ['kz-first-record'] },
          { value: '2021-08-31', caseIds: ['uz-second-record'] },
        ],
      },
    ]);
    await alertsSettled(t.app);
    const alerts = await t.http.get('/alerts').query({ rule: 'opinion.conflicting_records' });
    expect(alerts.body).toEqual([
      expect.objectContaining({
        alertId: `opinion.conflicting_records:${id}`,
        opinionId: id,
        caseIds: ['kz-first-record', 'uz-second-record'],
      }),
    ]);
    const underSecondCase = await t.http.get('/alerts').query({ caseId: 'uz-second-record' });
    expect(underSecondCase.body.map((a: { alertId: string }) => a.alertId)).toContain(
      `opinion.conflicting_records:${id}`,
    );
  });

  it('3. a conviction moved after the release that follows it: 422 naming the release, accepted once it is corrected', async () => {
    const caseId = 'kz-impossible-history';
    await ledger.opened(caseId, ['ann-a']);
    // revisions: 0 opened, 1 arrest, 2 conviction, 3 release
    await recordAll(caseId, [arrest('2018-10'), conviction('2019-08'), release('2021-06')]);
    const moved = correction(2, conviction('2022-03'));
    const refused = await ledger.refused(caseId, () => ledger.record(caseId, moved), 422);
    expect(refused.body).toMatchObject({
      code: 'CASE.CORRECTION_BREAKS_LATER_EVENT',
      field: 'data.replacement',
      message:
        "correcting revision 2 would make revision 3 (PersonReleased) impossible: occurredOn 2021-06 is before ann-a's " +
        'custody began (2022-03); correct or retract revision 3 first',
    });
    await ledger.recorded(caseId, 'EventCorrected', correction(3, release('2022-06')).data);
    const accepted = await ledger.record(caseId, moved);
    expect(accepted.status).toBe(201);
    const page = await t.http.get(`/cases/${caseId}`).query({ asOf: '2022-04-30' });
    expect(page.body.subjects).toEqual([{ personId: 'ann-a', name: 'Name of ann-a', custody: 'imprisoned' }]);
  });

  it('4. a conviction known as 2018/2021, certainly followed by a transfer on 2020-05-01: restricted freedom on 2020-06-01', async () => {
    const caseId = 'kz-certain-by-order';
    const id = 'A/HRC/WGAD/2019/904';
    await ledger.opened(caseId, ['ann-a']);
    await recordAll(caseId, [
      arrest('2018'),
      opinion(id, { occurredOn: '2019-05-01' }),
      conviction('2018/2021'),
      { type: 'TransferredToRestrictedFreedom', data: { personId: 'ann-a', occurredOn: '2020-05-01' } },
    ]);
    const page = await t.http.get(`/cases/${caseId}`).query({ asOf: '2020-06-01' });
    expect(page.body.subjects).toEqual([{ personId: 'ann-a', name: 'Name of ann-a', custody: 'restricted_freedom' }]);
    expect((await opinionAsOf(id, '2020-06-01')).custody).toMatchObject({ detained: 0, restricted_freedom: 1 });
    const before = await t.http.get(`/cases/${caseId}`).query({ asOf: '2020-04-30' });
    expect(before.body.subjects[0].custody).toBe('detained');
  });
});
