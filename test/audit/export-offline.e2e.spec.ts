import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import type { CaseExport } from '../../src/audit/case-export';
import { describeBreak, type VerifyResult } from '../../src/audit/chain-check';
import { verifyExportFile } from '../../src/cli/verify.command';
import { startTestApp, type TestApp } from '../support/test-app';
import { GENESIS, parseCsv, runCli, type CliResult } from './audit-support';

/**
 * An export is evidence on its own: made by the CLI or over HTTP, it verifies with the store gone,
 * and one byte changed in it is named. The CSV carries every event with its data and metadata.
 */
describe('export, then verify offline', () => {
  const CASE = 'audit-export';
  const out = mkdtempSync(join(tmpdir(), 'ledger-export-'));
  const file = (name: string) => join(out, name);
  let t: TestApp;
  let storeDir: string;
  let storeEnv: Record<string, string>;
  let cliJson: CliResult;
  let httpJson: { text: string; headers: Record<string, string> };
  let httpCsv: { text: string; headers: Record<string, string> };
  const verified: Record<string, CliResult> = {};
  let badFormat: number;

  beforeAll(async () => {
    t = await startTestApp();
    storeDir = t.dir;
    storeEnv = { SQLITE_PATH: join(t.dir, 'events.db'), READ_MODEL_PATH: join(t.dir, 'read-models.db') };
    const post = (path: string, body: object, key?: string) =>
      t.http
        .post(path)
        .set({ ...t.bearer('recorder'), ...(key ? { 'Idempotency-Key': key } : {}) })
        .send(body)
        .expect(201);
    // Text that CSV and JCS must both carry exactly: commas, quotes, a line break, non-ASCII, an emoji.
    const note = 'Seen in court, "twice";\nname also written Жаңа — Zhaña 🕊';
    await post(
      '/cases',
      { caseId: CASE, title: 'Export case', country: 'KZ', subjects: [{ personId: 'ana', name: 'Ana' }], note },
      'export-open',
    );
    await post(`/cases/${CASE}/events`, {
      type: 'PersonArrested',
      data: { personIds: ['ana'], occurredOn: '2019-03', note },
    });
    await post(`/cases/${CASE}/events`, {
      type: 'EventCorrected',
      data: {
        revision: 1,
        reason: 'month',
        replacement: { type: 'PersonArrested', data: { personIds: ['ana'], occurredOn: '2019-04' } },
      },
    });

    const get = async (format?: string) => {
      const res = await t.http
        .get(`/cases/${CASE}/export`)
        .query(format ? { format } : {})
        .set(t.bearer('auditor'));
      return { status: res.status, text: res.text, headers: res.headers as Record<string, string> };
    };
    badFormat = (await get('xml')).status;
    [httpJson, httpCsv] = [await get(), await get('csv')];
    cliJson = await runCli(['export', CASE], storeEnv);
    writeFileSync(file('cli.json'), cliJson.stdout);
    writeFileSync(file('http.json'), httpJson.text);

    // The store goes away: the exports must stand on their own.
    await t.close();
    rmSync(storeDir, { recursive: true, force: true });

    const exported = httpJson.text;
    const at = exported.indexOf('"occurredOn": "2019-03"');
    const altered = exported.slice(0, at) + '"occurredOn": "2019-05"' + exported.slice(at + 23);
    writeFileSync(file('altered.json'), altered);
    const parsed = JSON.parse(exported) as CaseExport;
    writeFileSync(
      file('removed.json'),
      JSON.stringify({ ...parsed, events: parsed.events.filter((e) => e.revision !== 1) }),
    );
    writeFileSync(file('truncated.json'), JSON.stringify({ ...parsed, events: parsed.events.slice(0, -1) }));
    writeFileSync(file('emptied.json'), JSON.stringify({ ...parsed, events: [] }));

    // Two CLI children (each costs seconds): the good export and the altered one; the other files go
    // through the function the CLI calls. No store anywhere: the configuration names one that cannot be reached.
    const nowhere = { EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: '', SQLITE_PATH: '/dev/null/events.db' };
    [verified['cli.json'], verified['altered.json']] = await Promise.all([
      runCli(['verify', '--file', file('cli.json')], nowhere),
      runCli(['verify', '--file', file('altered.json')], storeEnv),
    ]);
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('exports the case from the CLI and over HTTP: the same events, the head the store recorded', () => {
    expect(cliJson).toMatchObject({ code: 0, stderr: '' });
    const fromCli = JSON.parse(cliJson.stdout) as CaseExport;
    const fromHttp = JSON.parse(httpJson.text) as CaseExport;
    expect(fromCli).toMatchObject({ format: 'compliance-ledger-export/1', caseId: CASE, stream: `case-${CASE}` });
    expect(fromCli.events.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(fromCli.recordedHead).toEqual({ revision: 2, hash: fromCli.events[2].metadata.hash });
    expect({ ...fromHttp, exportedAt: '' }).toEqual({ ...fromCli, exportedAt: '' });
    expect(fromHttp.events[0].metadata).toMatchObject({
      actor: 'recorder-key',
      idempotencyKey: 'export-open',
      prevHash: GENESIS,
    });
    expect(httpJson.headers['content-type']).toMatch(/^application\/json/);
    expect(httpJson.headers['content-disposition']).toBe(`attachment; filename="${CASE}.json"`);
  });

  it('verifies the exports with the store deleted, without opening or creating one: exit 0 with the count', () => {
    expect(verified['cli.json']).toMatchObject({ code: 0, stderr: '' });
    expect(verified['cli.json'].stdout).toBe(
      `verified 3 events in 1 stream(s) of ${file('cli.json')}: every chain intact\n`,
    );
    expect(verifyExportFile(file('http.json'))).toEqual({ ok: true, streams: 1, events: 3 });
    expect(existsSync(storeDir)).toBe(false);
    expect(existsSync('/dev/null/events.db')).toBe(false);
  });

  it('names the event whose byte was changed in the export file (exit 1)', () => {
    expect(readFileSync(file('altered.json')).length).toBe(Buffer.byteLength(httpJson.text));
    const { eventId } = (JSON.parse(httpJson.text) as CaseExport).events[1];
    expect(verified['altered.json'].code).toBe(1);
    expect(verified['altered.json'].stderr).toContain(
      `TAMPERING DETECTED in ${file('altered.json')}: stream case-${CASE}, revision 1 (event ${eventId}): its content does not match its hash`,
    );
  });

  it('names a gap where an event was taken out of the file, and a file cut short or emptied against its recorded head', () => {
    const broken = (name: string) => {
      const result = verifyExportFile(file(name));
      return result.ok ? 'ok' : describeBreak((result as Extract<VerifyResult, { ok: false }>).break);
    };
    expect(broken('removed.json')).toMatch(
      new RegExp(
        `^stream case-${CASE}, revision 2 \\(event [0-9a-f-]{36}\\): revisions are not consecutive .*expected 1, found 2$`,
      ),
    );
    const cutShort = `stream case-${CASE}, revision 2: the chain does not end where the store recorded the stream head`;
    expect(broken('truncated.json')).toContain(cutShort);
    expect(broken('emptied.json')).toContain(cutShort);
    expect(broken('emptied.json')).toContain('found no events');
  });

  describe('CSV', () => {
    const rows = () => parseCsv(httpCsv.text);
    const header = ['revision', 'eventId', 'type', 'recordedAt', 'actor', 'prevHash', 'hash', 'data', 'metadata'];

    it('has a header row and one row per event, with data and metadata as JSON cells', () => {
      expect(httpCsv.headers['content-type']).toMatch(/^text\/csv/);
      expect(httpCsv.headers['content-disposition']).toBe(`attachment; filename="${CASE}.csv"`);
      expect(httpCsv.text.endsWith('\r\n')).toBe(true);
      const [head, ...body] = rows();
      expect(head).toEqual(header);
      const events = (JSON.parse(httpJson.text) as CaseExport).events;
      expect(body).toHaveLength(events.length);
      body.forEach((cells, i) => {
        const e = events[i];
        expect(cells).toHaveLength(header.length);
        expect(cells.slice(0, 7)).toEqual([
          String(e.revision),
          e.eventId,
          e.type,
          e.metadata.recordedAt,
          e.metadata.actor,
          e.metadata.prevHash,
          e.metadata.hash,
        ]);
        expect(JSON.parse(cells[7])).toEqual(e.data);
        expect(JSON.parse(cells[8])).toEqual(e.metadata);
      });
    });

    it('is enough to recompute the chain with any JCS and SHA-256, as docs/tamper-evidence.md says', () => {
      let running = GENESIS;
      for (const [revision, eventId, type, , , prevHash, hash, data, metadata] of rows().slice(1)) {
        expect(prevHash).toBe(running);
        const { prevHash: _p, hash: _h, ...content } = JSON.parse(metadata) as Record<string, unknown>;
        const canonical = canonicalize({
          stream: `case-${CASE}`,
          revision: Number(revision),
          eventId,
          type,
          data: JSON.parse(data) as unknown,
          metadata: content,
          prevHash: running,
        })!;
        expect(createHash('sha256').update(canonical, 'utf8').digest('hex')).toBe(hash);
        running = hash;
      }
      expect(rows()).toHaveLength(4);
    });
  });

  it('answers 400 over HTTP for a format other than json or csv', () => {
    expect(badFormat).toBe(400);
  });
});
