import { describeBreak, verifyEvents, verifyStore, verifyStream, type VerifyResult } from '../../src/audit/chain-check';
import { EsdbEventStore } from '../../src/event-store/esdb.event-store';
import type { ChainBreak } from '../../src/event-store/hash-chain';
import { importExample, runCli, WHATSAPP_CASE, type CliResult } from './audit-support';
import { startTamperableEsdbServer, type TamperableEsdbServer } from './esdb-tamper-hook';

/**
 * The same tampering as on SQLite, on the EventStoreDB adapter against the in-process gRPC test
 * server: each scenario gets its own server holding the worked example, edited behind the client's
 * back, then checked by verifyStore, by one case's stream, and by the CLI (EVENT_STORE=esdb).
 */
const STREAM = `case-${WHATSAPP_CASE}`; // 26 events, revisions 0–25
const LAST = 25;

interface Scenario {
  tamper(server: TamperableEsdbServer): void;
  /** The break verifyStore reports; `eventAt` = pristine revision of the event it names. */
  store: (Pick<ChainBreak, 'revision' | 'problem'> & { eventAt: number; expectedValue?: string }) | 'ok';
  /** The break found reading the one stream in revision order (GET /cases/{id}/verify). */
  stream: Pick<ChainBreak, 'revision' | 'problem'> | 'ok';
  says?: string;
  /** Also through the CLI (the CLI's reporting is store-agnostic and tried on every SQLite scenario). */
  cli?: true;
}

const scenarios: Record<string, Scenario> = {
  'one byte of data altered (a conviction month)': {
    tamper: (s) => s.alterBytes(STREAM, 2, '"occurredOn":"2019-08"', '"occurredOn":"2019-09"'),
    store: { revision: 2, eventAt: 2, problem: 'hash_mismatch' },
    stream: { revision: 2, problem: 'hash_mismatch' },
    says: 'its content does not match its hash (altered)',
    cli: true,
  },
  'one byte of metadata altered (the actor)': {
    tamper: (s) => s.alterBytes(STREAM, 7, '"actor":"import"', '"actor":"imporT"', 'metadata'),
    store: { revision: 7, eventAt: 7, problem: 'hash_mismatch' },
    stream: { revision: 7, problem: 'hash_mismatch' },
    says: 'its content does not match its hash (altered)',
  },
  'a middle event deleted': {
    tamper: (s) => s.remove(STREAM, 12),
    store: { revision: 13, eventAt: 13, problem: 'revision_gap', expectedValue: '12' },
    stream: { revision: 13, problem: 'revision_gap' },
    says: 'revisions are not consecutive (an event was removed or moved); expected 12, found 13',
  },
  'the first events truncated away (as $tb or $maxCount would)': {
    tamper: (s) => [0, 1, 2].forEach((r) => s.remove(STREAM, r)),
    store: { revision: 3, eventAt: 3, problem: 'revision_gap', expectedValue: '0' },
    stream: { revision: 3, problem: 'revision_gap' },
    says: 'expected 0, found 3',
  },
  'two events swapped (their revisions exchanged)': {
    tamper: (s) => s.swap(STREAM, 12, 13),
    store: { revision: 13, eventAt: 12, problem: 'revision_gap', expectedValue: '12' },
    stream: { revision: 12, problem: 'prev_hash_mismatch' },
    says: 'revisions are not consecutive',
  },
  // EventStoreDB keeps no stream head apart from the events (recordedHead is SQLite's): a removed
  // last event leaves a shorter, intact chain. Only a head kept outside the store shows it.
  'the last event deleted': {
    tamper: (s) => s.remove(STREAM, LAST),
    store: 'ok',
    stream: 'ok',
  },
};

describe('tamper evidence on the EventStoreDB adapter (gRPC test server)', () => {
  const servers = new Map<string, TamperableEsdbServer>();
  const stores = new Map<string, EsdbEventStore>();
  const cli = new Map<string, CliResult>();
  const eventIds = new Map<number, string>();
  let pristineHead: { revision: number; hash: string };
  let untouched: { store: EsdbEventStore; cli: CliResult };
  const env = (server: TamperableEsdbServer) => ({
    EVENT_STORE: 'esdb',
    ESDB_CONNECTION_STRING: server.connectionString,
  });

  beforeAll(async () => {
    const names = ['untouched', ...Object.keys(scenarios)];
    await Promise.all(
      names.map(async (name) => {
        const server = await startTamperableEsdbServer();
        const store = new EsdbEventStore(server.connectionString);
        servers.set(name, server);
        stores.set(name, store);
        await importExample(store);
      }),
    );
    const pristine = await stores.get('untouched')!.readStream(STREAM);
    for (const e of pristine) eventIds.set(e.revision, e.eventId);
    pristineHead = { revision: LAST, hash: String(pristine[LAST].metadata.hash) };
    for (const [name, scenario] of Object.entries(scenarios)) scenario.tamper(servers.get(name)!);
    const viaCli = names.filter((name) => name === 'untouched' || scenarios[name].cli);
    const results = await Promise.all(viaCli.map((name) => runCli(['verify'], env(servers.get(name)!))));
    viaCli.forEach((name, i) => cli.set(name, results[i]));
    untouched = { store: stores.get('untouched')!, cli: cli.get('untouched')! };
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...stores.values()].map((store) => store.close()));
    await Promise.all([...servers.values()].map((server) => server.stop()));
  });

  it('passes an untouched store: exit 0 with the count of events and streams', async () => {
    expect(await verifyStore(untouched.store)).toEqual({ ok: true, streams: 6, events: 47 });
    expect(untouched.cli).toMatchObject({ code: 0, stderr: '' });
    expect(untouched.cli.stdout).toContain('verified 47 events in 6 stream(s) of the store: every chain intact');
  });

  describe.each(Object.keys(scenarios).filter((name) => scenarios[name].store !== 'ok'))('%s', (name) => {
    const scenario = scenarios[name];
    const { eventAt, expectedValue, ...fields } = scenario.store as Exclude<Scenario['store'], 'ok'>;

    it('verifyStore names the event', async () => {
      const result = await verifyStore(stores.get(name)!);
      expect(result.ok).toBe(false);
      const broken = (result as Extract<VerifyResult, { ok: false }>).break;
      expect(broken).toMatchObject({ ...fields, stream: STREAM, eventId: eventIds.get(eventAt) });
      if (expectedValue !== undefined) expect(broken.expected).toBe(expectedValue);
      expect(describeBreak(broken)).toContain(scenario.says!);
    });

    it("verifying the case's stream names the same place", async () => {
      const store = stores.get(name)!;
      const result = await verifyStream(store, STREAM, await store.readStream(STREAM));
      expect(result.ok ? 'ok' : { revision: result.break.revision, problem: result.break.problem }).toEqual(
        scenario.stream,
      );
    });

    if (scenario.cli) {
      it('the CLI (EVENT_STORE=esdb) exits 1 naming the stream, the revision and the event on stderr', () => {
        const result = cli.get(name)!;
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          `TAMPERING DETECTED in the store: stream ${STREAM}, revision ${fields.revision} (event ${eventIds.get(eventAt)}): `,
        );
        expect(result.stderr).toContain(scenario.says!);
      });
    }
  });

  describe('the last event deleted', () => {
    const name = 'the last event deleted';

    it('goes unnoticed by the store check alone: no head is kept apart from the events', async () => {
      expect(await verifyStore(stores.get(name)!)).toEqual({ ok: true, streams: 6, events: 46 });
    });

    it('is named against a head kept outside the store (an earlier export, a published hash)', async () => {
      const events = await stores.get(name)!.readStream(STREAM);
      const result = verifyEvents(events, pristineHead);
      expect(result).toMatchObject({
        ok: false,
        break: { stream: STREAM, revision: LAST, problem: 'head_mismatch' },
      });
    });
  });
});
