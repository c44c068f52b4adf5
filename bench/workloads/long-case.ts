/**
 * The long case: one case grown to many events through HTTP by one client, one request after another, on a server of
 * its own (an empty store): the cost of recording an event must not depend on how many events its case already has,
 * and the case's page must stay small however long its history. Each event is an inquiry (the most frequent fact of a
 * long-followed case), dated so that about half of them are already overdue and raise an alert as they are recorded.
 */
import { request, Agent } from 'node:http';
import { log, now, since } from '../support/log';
import type { Figures } from '../support/phase';
import { AUDITOR_SECRET, RECORDER_SECRET } from './server';

const WINDOW = 500;

export async function growLongCase(url: string, options: { events: number; today: string }): Promise<Figures> {
  const caseId = 'long-case-1';
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const post = (path: string, body: unknown) => send(agent, 'POST', `${url}${path}`, JSON.stringify(body));
  const opened = await post('/cases', {
    caseId,
    title: 'A case followed for decades',
    country: 'KZ',
    subjects: [{ personId: 'p1', name: 'Beket Mynbasov' }],
  });
  if (opened.status !== 201) throw new Error(`opening the long case: ${opened.status} ${opened.body}`);
  const latencies: number[] = [];
  const started = now();
  for (let i = 1; i < options.events; i++) {
    const sent = now();
    const answer = await post(`/cases/${caseId}/events`, {
      type: 'InquirySent',
      data: {
        inquiryId: `inq-${i}`,
        occurredOn: dayBefore(options.today, i % 400),
        to: `Prosecutor's office no. ${i % 17}`,
        channel: 'writing',
        question: `Where is the detainee held, and on what grounds? (inquiry ${i} of a long-followed case)`,
      },
    });
    latencies.push(since(sent) * 1000);
    if (answer.status !== 201) throw new Error(`event ${i} of the long case: ${answer.status} ${answer.body}`);
    if (i % 1000 === 0) log(`long case: ${i} events, last ${WINDOW} median ${median(latencies.slice(-WINDOW))} ms`);
  }
  const seconds = since(started);
  // The read side catches up before the case is read: the page shows every event recorded.
  const page = await waitForRevision(agent, `${url}/cases/${caseId}`, options.events - 1);
  const history = await send(agent, 'GET', `${url}/cases/${caseId}/history?fromRevision=0&limit=100`);
  agent.destroy();
  const first = median(latencies.slice(0, WINDOW));
  const last = median(latencies.slice(-WINDOW));
  const figures: Figures = {
    longCaseEvents: options.events,
    longCaseSeconds: Math.round(seconds * 10) / 10,
    longCaseFirstMedianMs: first,
    longCaseLastMedianMs: last,
    longCaseLastToFirst: Math.round((last / first) * 100) / 100,
    longCaseLastP99Ms: percentile(latencies.slice(-WINDOW), 0.99),
    longCasePageBytes: Buffer.byteLength(page),
    longCaseHistoryPageBytes: Buffer.byteLength(history.body),
  };
  log(`long case: ${JSON.stringify(figures)}`);
  return figures;
}

async function waitForRevision(agent: Agent, url: string, revision: number): Promise<string> {
  for (const started = now(); since(started) < 60;) {
    const answer = await send(agent, 'GET', url);
    if (answer.status === 200 && (JSON.parse(answer.body) as { revision: number }).revision >= revision)
      return answer.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not reach revision ${revision} in 60 s`);
}

function send(agent: Agent, method: string, url: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${method === 'GET' ? AUDITOR_SECRET : RECORDER_SECRET}`,
          'accept-encoding': 'identity',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function dayBefore(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

const median = (values: number[]) => percentile(values, 0.5);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 100) / 100;
}
