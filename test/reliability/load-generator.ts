import { KEYS } from '../support/test-app';
import { call, OPINION } from './reliability-support';

/** A 201 the server answered: the event it promised is stored, at this place. */
export interface Ack {
  caseId: string;
  eventId: string;
  revision: number;
  key?: string;
}

interface Request {
  caseId: string;
  body: { type: string; data: Record<string, unknown> };
  key?: string;
}

const AUTHORITIES = ["General Prosecutor's Office", 'Ministry of Justice', 'Ombudsman', 'Presidential Administration'];
const recorder = { authorization: `Bearer ${KEYS.recorder}` };

/**
 * Concurrent loops POSTing valid events (InquirySent with unique ids, StateFollowUpReplied), half of
 * them with an Idempotency-Key. Records every acknowledgement; a request cut off by a kill is "in
 * doubt": sent again with its key after the restart (it must then be stored exactly once), or,
 * without a key, only counted.
 */
export class LoadGenerator {
  readonly acks: Ack[] = [];
  /** Keyed requests whose answer was lost: retried after the restart. */
  private inDoubt: Request[] = [];
  /** Answers other than 201 to valid requests (5xx included): there must be none. */
  readonly unexpected: string[] = [];
  cutOff = { keyed: 0, unkeyed: 0 };
  retried = 0;
  private counter = 0;
  private stopped = false;

  constructor(
    private readonly cases: string[],
    private readonly random: () => number,
  ) {}

  /** Runs `loops` loops against `url` until stop(), or until the server stops answering. */
  async run(url: string, loops: number): Promise<void> {
    this.stopped = false;
    await Promise.all(Array.from({ length: loops }, () => this.loop(url)));
  }

  stop(): void {
    this.stopped = true;
  }

  /** Sends every keyed request whose answer was lost again: 201, and the event stored once. */
  async retryInDoubt(url: string): Promise<void> {
    const pending = this.inDoubt;
    this.inDoubt = [];
    for (const request of pending) {
      this.retried++;
      if ((await this.send(url, request)) === 'cut') throw new Error(`retry of ${request.key} got no answer`);
    }
  }

  private async loop(url: string): Promise<void> {
    while (!this.stopped) {
      if ((await this.send(url, this.next())) === 'cut') return;
    }
  }

  private next(): Request {
    const n = ++this.counter;
    const caseId = this.cases[Math.floor(this.random() * this.cases.length)];
    const key = this.random() < 0.5 ? `load-${n}` : undefined;
    const day = `2023-09-${String(10 + (n % 16)).padStart(2, '0')}`;
    const body =
      this.random() < 0.75
        ? {
            type: 'InquirySent',
            data: {
              inquiryId: `q-${n}`,
              occurredOn: day,
              to: AUTHORITIES[n % AUTHORITIES.length],
              channel: 'writing',
              question: `Inquiry ${n}: why are they still jailed?`,
              opinionId: OPINION,
            },
          }
        : { type: 'StateFollowUpReplied', data: { opinionId: OPINION, occurredOn: day, summary: `Reply ${n}` } };
    return { caseId, body, key };
  }

  private async send(url: string, request: Request): Promise<'ok' | 'cut'> {
    const res = await call(`${url}/cases/${request.caseId}/events`, {
      body: request.body,
      headers: { ...recorder, ...(request.key ? { 'idempotency-key': request.key } : {}) },
      timeoutMs: 20_000,
    });
    if (res.status === 0) {
      if (request.key) this.inDoubt.push(request);
      this.cutOff[request.key ? 'keyed' : 'unkeyed']++;
      return 'cut';
    }
    if (res.status !== 201) {
      this.unexpected.push(`${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      return 'ok';
    }
    const { eventId, revision } = res.body as { eventId: string; revision: number };
    this.acks.push({ caseId: request.caseId, eventId, revision, key: request.key });
    return 'ok';
  }
}
