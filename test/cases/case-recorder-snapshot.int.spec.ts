import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCases } from '../../bench/dataset/domain-events';
import { EventStamper } from '../../bench/dataset/appends';
import type { ConfigType } from '@nestjs/config';
import type { appConfig } from '../../src/config/app.config';
import { CaseRecorder } from '../../src/cases/case-recorder';
import { fold } from '../../domain/case/case.decider';
import { streamOfCase, type CaseEvent } from '../../domain/case/case.events';
import type { EventStore } from '../../src/event-store/event-store.port';
import { InMemoryEventStore } from '../../src/event-store/in-memory.event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import type { ReadModels } from '../../src/read-side/read-models';
import { Clock } from '../../src/time/clock';

const clock = new Clock({ now: '2025-06-30', reportingTimezone: 'UTC' } as ConfigType<typeof appConfig>);
const [generated] = [...generateCases({ seed: 9, cases: 1, events: 40, today: '2025-06-30' })];
const caseId = generated.caseId;
const folded = (events: CaseEvent[]) =>
  fold(
    caseId,
    events.map((event, revision) => ({ event, revision })),
  );

/** A read side whose copy of the case file stops at `revision` (it lags behind the store). */
const readSideAt = (revision: number | undefined) =>
  ({
    document: () => (revision === undefined ? undefined : folded(generated.events.slice(0, revision + 1))),
  }) as unknown as ReadModels;

const storeTheCase = async (store: EventStore) => {
  const stamper = new EventStamper(9);
  await store.appendToStream(
    streamOfCase(caseId),
    generated.events.map((e) => stamper.stamp(e)),
  );
};

describe('case recorder: loading a case from a snapshot', () => {
  const store = new InMemoryEventStore();
  beforeAll(() => storeTheCase(store));

  it.each([0, 10, 39])('folds the events stored after a snapshot at revision %i into it', async (revision) => {
    const { state, stored } = await new CaseRecorder(store, clock, readSideAt(revision)).load(caseId);
    expect(state).toEqual(folded(generated.events));
    expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 39 - revision }, (_, i) => revision + 1 + i));
  });

  it('ignores a snapshot the stream does not confirm, and one asked not to use', async () => {
    const ahead = await new CaseRecorder(store, clock, readSideAt(undefined)).load(caseId);
    expect(ahead.state).toEqual(folded(generated.events));
    const beyond = { document: () => ({ ...folded(generated.events), revision: 45 }) } as unknown as ReadModels;
    expect((await new CaseRecorder(store, clock, beyond).load(caseId)).state).toEqual(folded(generated.events));
    const history = await new CaseRecorder(store, clock, readSideAt(10)).load(caseId, { history: true });
    expect(history.stored).toHaveLength(40);
    expect(history.state).toEqual(folded(generated.events));
  });

  it('finds no case where neither the read side nor the store has one', async () => {
    const { state, stored } = await new CaseRecorder(store, clock, readSideAt(undefined)).load('no-such-case');
    expect(state.revision).toBe(-1);
    expect(stored).toEqual([]);
  });
});

describe('case recorder: a snapshot confirmed by the head a store records apart from the events (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-snapshot-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  beforeAll(() => storeTheCase(store));
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => jest.restoreAllMocks());

  it('takes a snapshot of the whole stream as the case, reading no event', async () => {
    const reads = jest.spyOn(store, 'readStream');
    const { state, stored } = await new CaseRecorder(store, clock, readSideAt(39)).load(caseId);
    expect(state).toEqual(folded(generated.events));
    expect(stored).toEqual([]);
    expect(reads).not.toHaveBeenCalled();
  });

  it('still reads the events after a snapshot behind the head, and the whole stream for one beyond it', async () => {
    const behind = await new CaseRecorder(store, clock, readSideAt(30)).load(caseId);
    expect(behind.state).toEqual(folded(generated.events));
    expect(behind.stored.map((e) => e.revision)).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39]);
    const beyond = { document: () => ({ ...folded(generated.events), revision: 45 }) } as unknown as ReadModels;
    const fromBeyond = await new CaseRecorder(store, clock, beyond).load(caseId);
    expect(fromBeyond.state).toEqual(folded(generated.events));
    expect(fromBeyond.stored).toHaveLength(40);
  });
});
