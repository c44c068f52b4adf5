/**
 * Sending a form. Each distinct body gets its own `Idempotency-Key`, kept until the server has answered it: a double
 * click waits for the request already under way, and sending again after a network failure repeats the same key, so
 * the server stores the event once and answers the first result again.
 */
import type { Api } from '../api.js';

export interface Problem {
  statusCode: number;
  code?: string;
  message?: string;
  errors?: string[];
  field?: string;
  actualRevision?: number | null;
}

export type Outcome<T> =
  | { ok: true; body: T }
  | { ok: false; status: number; problem: Problem }
  /** No answer: the request may or may not have been stored; sending it again is safe. */
  | { ok: false; status: 0; problem: Problem };

export class Submission<T> {
  private key: string | undefined;
  private sent: string | undefined;
  private pending: Promise<Outcome<T>> | undefined;

  constructor(
    private readonly api: Api,
    private readonly path: string,
  ) {}

  send(body: unknown): Promise<Outcome<T>> {
    const json = JSON.stringify(body);
    if (json === this.sent && this.pending) return this.pending;
    if (json !== this.sent || !this.key) this.key = crypto.randomUUID();
    this.sent = json;
    const pending = this.post(json, this.key).then((outcome) => {
      if (this.pending === pending) this.pending = undefined;
      // Answered either way: the next send is a new request. Only silence keeps the key for a retry.
      if (outcome.ok || outcome.status !== 0) this.key = undefined;
      return outcome;
    });
    this.pending = pending;
    return pending;
  }

  private async post(json: string, key: string): Promise<Outcome<T>> {
    let response: Response;
    try {
      response = await fetch(this.path, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'Idempotency-Key': key,
          ...this.api.headers(),
        },
        body: json,
      });
    } catch {
      return { ok: false, status: 0, problem: { statusCode: 0, message: 'the server did not answer' } };
    }
    const body = (await response.json().catch(() => ({}))) as unknown;
    if (response.ok) return { ok: true, body: body as T };
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Problem;
    return { ok: false, status: response.status, problem: { ...problem, statusCode: response.status } };
  }
}
