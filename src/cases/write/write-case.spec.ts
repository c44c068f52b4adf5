import { opened, subjectAdded as subject } from '../../../test/support/case-fixtures';
import { fold } from '../../../domain/case/case.decider';
import type { CaseEvent } from '../../../domain/case/case.events';
import { CaseRuleViolation } from '../../../domain/case/case.errors';
import {
  DuplicateEventIdError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../event-store/event-store.errors';
import type { EventToAppend, ExpectedRevision, JsonValue } from '../../event-store/event-store.port';
import { InMemoryEventStore } from '../../event-store/in-memory.event-store';
import { writeWithIdempotencyKey } from './idempotency';
import { loadCase } from './load-case';
import { writeCase, type CaseStreamPort } from './write-case';

const CASE = 'write-path';
const toAppend = (event: CaseEvent, i = 0): EventToAppend => ({
  eventId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
  type: event.type,
  data: event.data as unknown as JsonValue,
  metadata: { actor: 'test' },
});

/** The port over an in-memory store, with a hook that runs just before each append (to stage a race). */
function portOver(store: InMemoryEventStore, beforeAppend: () => Promise<void> = async () => {}) {
  const appends: ExpectedRevision[] = [];
  const port: CaseStreamPort = {
    load: (caseId, options) => loadCase(store, () => undefined, caseId, options),
    append: async (caseId, events, expectedRevision) => {
      appends.push(expectedRevision);
      await beforeAppend();
      return store.appendToStream(`case-${caseId}`, events, { expectedRevision });
    },
  };
  return { port, appends };
}

describe('the write path', () => {
  it('appends every event decided, in one append at the revision loaded', async () => {
    const store = new InMemoryEventStore();
    const { port, appends } = portOver(store);
    const events = [opened(), subject('a'), subject('b')].map((e, i) => toAppend(e, i));
    const written = await writeCase(port, { caseId: CASE, decide: () => events });
    expect(written).toMatchObject({ revision: 2, written: true });
    expect(appends).toEqual(['no_stream']);
    expect((await store.readStream(`case-${CASE}`)).map((e) => e.type)).toEqual([
      'CaseOpened',
      'SubjectAdded',
      'SubjectAdded',
    ]);
  });

  it('decides again on the case as it now is after losing a race, and appends nothing when nothing is decided', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream(`case-${CASE}`, [toAppend(opened(), 90)]);
    let raced = false;
    const { port, appends } = portOver(store, async () => {
      if (raced) return;
      raced = true;
      await store.appendToStream(`case-${CASE}`, [toAppend(subject('other'), 91)]);
    });
    const seen: number[] = [];
    const written = await writeCase(port, {
      caseId: CASE,
      decide: ({ state }) => {
        seen.push(state.revision);
        return [toAppend(subject('mine'), 92)];
      },
    });
    expect(seen).toEqual([0, 1]);
    expect(appends).toEqual([0, 1]);
    expect(written.revision).toBe(2);
    expect(await writeCase(port, { caseId: CASE, decide: () => [] })).toEqual({
      revision: 2,
      appended: [],
      written: false,
    });
  });

  it("leaves a race lost against the client's own expected revision to the client", async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream(`case-${CASE}`, [toAppend(opened(), 90)]);
    const { port, appends } = portOver(store, () =>
      store
        .appendToStream(`case-${CASE}`, [toAppend(subject(`x${appends.length}`), 90 + appends.length)])
        .then(() => undefined),
    );
    const write = writeCase(port, { caseId: CASE, expectedRevision: 0, decide: () => [toAppend(subject('mine'), 99)] });
    await expect(write).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(appends).toEqual([0]);
  });

  it('gives up after 30 lost races with a 503, never naming a revision the client did not send', async () => {
    const store = new InMemoryEventStore();
    const port: CaseStreamPort = {
      load: async () => ({ state: fold(CASE, []), stored: [] }),
      append: () => Promise.reject(new WrongExpectedRevisionError(`case-${CASE}`, 'no_stream', 0)),
    };
    const load = jest.spyOn(port, 'load');
    await expect(writeCase(port, { caseId: CASE, decide: () => [toAppend(opened())] })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(load).toHaveBeenCalledTimes(30);
    expect(await store.streamExists(`case-${CASE}`)).toBe(false);
  });
});

describe('the write path under an Idempotency-Key', () => {
  const decideOpen = () => [toAppend(opened(), 1)];

  it('stores once, derives the ids from the key, and answers a repeat with the first result', async () => {
    const store = new InMemoryEventStore();
    const { port } = portOver(store);
    const first = await writeWithIdempotencyKey(port, { caseId: CASE, decide: decideOpen }, 'k-1', opened());
    const again = await writeWithIdempotencyKey(port, { caseId: CASE, decide: decideOpen }, 'k-1', opened());
    expect(first).toMatchObject({ revision: 0, written: true, replayed: false });
    expect(again).toMatchObject({ revision: 0, written: false, replayed: true, position: first.position });
    expect(again.appended[0].eventId).toBe(first.appended[0].eventId);
    const stored = await store.readStream(`case-${CASE}`);
    expect(stored).toHaveLength(1);
    expect(stored[0].metadata.idempotencyKey).toBe('k-1');
  });

  it('refuses the key with a different body, before the decider is asked', async () => {
    const store = new InMemoryEventStore();
    const { port } = portOver(store);
    await writeWithIdempotencyKey(port, { caseId: CASE, decide: decideOpen }, 'k-1', opened());
    const decide = jest.fn(decideOpen);
    const reused = writeWithIdempotencyKey(port, { caseId: CASE, decide }, 'k-1', {
      ...opened(),
      data: { ...opened().data, title: 'Another' },
    });
    await expect(reused).rejects.toMatchObject({ code: 'CASE.IDEMPOTENCY_KEY_REUSED' });
    await expect(reused).rejects.toBeInstanceOf(CaseRuleViolation);
    expect(decide).not.toHaveBeenCalled();
  });

  it('answers the first result when a request with the same key stores between its load and its append', async () => {
    const store = new InMemoryEventStore();
    let raced = false;
    const { port } = portOver(store, async () => {
      if (raced) return;
      raced = true;
      await writeWithIdempotencyKey(portOver(store).port, { caseId: CASE, decide: decideOpen }, 'k-1', opened());
    });
    const answer = await writeWithIdempotencyKey(port, { caseId: CASE, decide: decideOpen }, 'k-1', opened());
    expect(answer).toMatchObject({ replayed: true, revision: 0 });
    expect(await store.readStream(`case-${CASE}`)).toHaveLength(1);
  });

  it('retries an id the store holds elsewhere only a bounded number of times', async () => {
    const port: CaseStreamPort = {
      load: async () => ({ state: fold(CASE, []), stored: [] }),
      append: () => Promise.reject(new DuplicateEventIdError(`case-${CASE}`, 'x')),
    };
    await expect(
      writeWithIdempotencyKey(port, { caseId: CASE, decide: decideOpen }, 'k', opened()),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
  });
});
