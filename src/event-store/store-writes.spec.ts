import { DuplicateEventIdError, StoreUnavailableError, WrongExpectedRevisionError } from './event-store.errors';
import { StoreWrites } from './store-writes';

describe('StoreWrites', () => {
  let clock = 0;
  const writes = () => new StoreWrites(10_000, () => clock);
  beforeEach(() => (clock = Date.parse('2026-12-02T10:00:00.000Z')));

  it('reports a refusal by the store until an append succeeds', () => {
    const w = writes();
    expect(w.refused()).toBeUndefined();
    w.observed(new StoreUnavailableError('the event store cannot write now (SQLITE_FULL)'));
    clock += 9_999;
    expect(w.refused()).toEqual({
      refusedAt: '2026-12-02T10:00:00.000Z',
      message: 'the event store cannot write now (SQLITE_FULL)',
    });
    w.observed();
    expect(w.refused()).toBeUndefined();
  });

  it('lets a refusal lapse after the hold, so an instance out of rotation is tried again; a new one renews it', () => {
    const w = writes();
    w.observed(new StoreUnavailableError('EventStoreDB unavailable: 14 UNAVAILABLE'));
    clock += 10_000;
    expect(w.refused()).toBeUndefined();
    w.observed(new StoreUnavailableError('the event store cannot write now (SQLITE_READONLY)'));
    expect(w.refused()?.message).toMatch(/SQLITE_READONLY/);
  });

  it('ignores what the client caused: a conflict, a duplicate, a bad event', () => {
    const w = writes();
    w.observed(new WrongExpectedRevisionError('case-x', 3, 4));
    w.observed(new DuplicateEventIdError('alerts', 'e1'));
    w.observed(new TypeError('bad event'));
    expect(w.refused()).toBeUndefined();
  });
});
