import type { Response } from 'supertest';
import { streamOfCase } from '../../domain/case/case.events';
import { StreamNotFoundError } from '../../src/event-store/event-store.errors';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../src/event-store/event-store.port';
import type { KEYS, TestApp } from '../support/test-app';

/** Shared by the e2e specs of test/cases: requests, valid bodies, and the "refused stores nothing" check. */

export type Role = keyof typeof KEYS;
export type Data = Record<string, unknown>;
export interface EventBody {
  type: string;
  data: Data;
  expectedRevision?: number;
}

export const OPINION = 'A/HRC/WGAD/2021/33';
export const SUBJECTS = ['ann-a', 'bob-b', 'cat-c'];

export const subjects = (...ids: string[]) => ids.map((personId) => ({ personId, name: `Name of ${personId}` }));

export const openBody = (caseId: string, ...ids: string[]): Data => ({
  caseId,
  title: `Case ${caseId}`,
  country: 'KZ',
  subjects: subjects(...(ids.length ? ids : SUBJECTS)),
});

/** One valid `data` per event type, valid in the order the domain table lists them on a case with SUBJECTS. */
export const VALID: Record<string, Data> = {
  CaseOpened: { title: 'Opened through the events endpoint', country: 'KZ', subjects: subjects('ann-a') },
  SubjectAdded: { personId: 'dan-d', name: 'Dan D' },
  PersonArrested: { personIds: SUBJECTS, occurredOn: '2018-10', authority: 'NSC', place: 'Almaty' },
  PersonConvicted: {
    personId: 'ann-a',
    occurredOn: '2019-08',
    court: 'Almaly District Court',
    charges: ['Article 174'],
    sentence: { kind: 'imprisonment', months: 84 },
  },
  UnOpinionAdopted: {
    opinionId: OPINION,
    mechanism: 'WGAD',
    occurredOn: '2021-09',
    transmittedOn: '2021-10',
    calls: ['release', 'compensation'],
    followUpMonths: 6,
  },
  ReleaseRequested: {
    requestId: 'req-1',
    personId: 'ann-a',
    occurredOn: '2022-06',
    kind: 'early_release',
    addressedTo: 'prison administration',
    requestedBy: 'lawyer',
  },
  ReleaseRequestDecided: { requestId: 'req-1', occurredOn: '2022-07', outcome: 'denied', decidedBy: 'court' },
  TransferredToRestrictedFreedom: { personId: 'ann-a', occurredOn: '2023-05-24', court: 'Ekibastuz court' },
  PersonReleased: { personId: 'bob-b', occurredOn: '2023-08', basis: 'pardon' },
  ImplementationMeasureRecorded: {
    opinionId: OPINION,
    call: 'compensation',
    occurredOn: '2022-03',
    extent: 'partial',
    personIds: ['ann-a'],
    description: 'paid in part',
  },
  StateFollowUpReplied: { opinionId: OPINION, occurredOn: '2022-03-15', summary: 'The state disagrees.' },
  InquirySent: {
    inquiryId: 'inq-1',
    occurredOn: '2023-09-15',
    to: "General Prosecutor's Office",
    channel: 'writing',
    question: 'Why are they still jailed?',
    opinionId: OPINION,
  },
  NoResponseRecorded: { inquiryId: 'inq-1', occurredOn: '2023-09-20' },
  ResponseReceived: { inquiryId: 'inq-1', occurredOn: '2023-09-26', summary: 'Lawful.', kind: 'denial' },
  EventCorrected: {
    revision: 1,
    reason: 'misread the source',
    replacement: { type: 'SubjectAdded', data: { personId: 'dan-d', name: 'Daniyar D' } },
    sources: [{ url: 'https://www.forum18.org/archive.php?article_id=2859', publisher: 'Forum 18' }],
    note: 'name as in the court papers',
  },
};

/** Types in an order that records them all once on a case opened with SUBJECTS (CaseOpened elsewhere). */
export const RECORD_ORDER = Object.keys(VALID).filter((type) => type !== 'CaseOpened');

export class Ledger {
  constructor(readonly t: TestApp) {}

  get store(): EventStore {
    return this.t.app.get<symbol, EventStore>(EVENT_STORE);
  }

  /** The case's stream as stored, or [] when there is none. */
  async stored(caseId: string): Promise<StoredEvent[]> {
    return this.store.readStream(streamOfCase(caseId)).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    });
  }

  open(caseId: string, ids: string[] = SUBJECTS, role: Role = 'recorder') {
    return this.t.http
      .post('/cases')
      .set(this.t.bearer(role))
      .send(openBody(caseId, ...ids));
  }

  async opened(caseId: string, ids: string[] = SUBJECTS): Promise<void> {
    const res = await this.open(caseId, ids);
    expect(res.status).toBe(201);
  }

  record(caseId: string, body: EventBody | Data, options: { key?: string; role?: Role } = {}) {
    const req = this.t.http.post(`/cases/${caseId}/events`).set(this.t.bearer(options.role ?? 'recorder'));
    if (options.key !== undefined) req.set('Idempotency-Key', options.key);
    return req.send(body);
  }

  /** Sends raw JSON text (for `__proto__` keys, huge numbers, broken JSON). */
  recordText(caseId: string, text: string) {
    return this.t.http
      .post(`/cases/${caseId}/events`)
      .set(this.t.bearer('recorder'))
      .set('Content-Type', 'application/json')
      .send(text);
  }

  async recorded(caseId: string, type: string, data: Data = VALID[type]): Promise<Response> {
    const res = await this.record(caseId, { type, data });
    if (res.status !== 201) throw new Error(`${type} refused: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }

  getCase(caseId: string) {
    return this.t.http.get(`/cases/${caseId}`);
  }

  /** What the read side and the store say about the case: both must stay put after a refusal. */
  async snapshot(caseId: string): Promise<{ status: number; revision: unknown; stored: number }> {
    const res = await this.getCase(caseId);
    return { status: res.status, revision: res.body?.revision, stored: (await this.stored(caseId)).length };
  }

  /**
   * Sends a request that must be refused with `status` (and `code`), and checks it stored nothing:
   * `GET /cases/{id}` shows the same revision (or stays 404) and the stream has as many events.
   */
  async refused(caseId: string, send: () => PromiseLike<Response>, status: number, code?: string): Promise<Response> {
    const before = await this.snapshot(caseId);
    const res = await send();
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    if (code !== undefined) expect(res.body.code).toBe(code);
    expect(await this.snapshot(caseId)).toEqual(before);
    return res;
  }
}
