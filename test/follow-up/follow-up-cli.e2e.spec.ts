/** `compliance-ledger follow-up`: the submission written to a file from the store alone, no server running. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../audit/audit-support';

const OPINION = 'A/HRC/WGAD/2021/33';

describe('the follow-up command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-follow-up-cli-'));
  const env = { SQLITE_PATH: join(dir, 'events.db'), READ_MODEL_PATH: join(dir, 'read-models.db') };
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    const imported = await runCli(['import', 'examples/forum18-kazakhstan-2023.json'], env);
    expect(imported.code).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the printable page of the worked example as of 26 September 2023', async () => {
    const run = await runCli(['follow-up', OPINION, '--as-of', '2023-09-26', '--out', file('f.html')], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      `wrote ${file('f.html')}: ${OPINION} as of 2023-09-26, not implemented, grade D, 8 sources\n`,
    );
    const html = readFileSync(file('f.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    for (const name of ['Beket Mynbasov', 'Zhuldyzbek Taurbekov', 'Religious Affairs Committee']) {
      expect(html).toContain(name);
    }
  }, 30_000);

  it('writes the JSON answer with --format json', async () => {
    const run = await runCli(
      ['follow-up', OPINION, '--as-of', '2023-09-26', '--format', 'json', '--out', file('f.json')],
      env,
    );
    expect(run.code).toBe(0);
    const doc = JSON.parse(readFileSync(file('f.json'), 'utf8')) as { grade: string; inquiries: unknown[] };
    expect(doc.grade).toBe('D');
    expect(doc.inquiries).toHaveLength(4);
  }, 30_000);

  it('refuses a bad day, a bad format and an unknown opinion with a message and exit code 1', async () => {
    const runs = await Promise.all([
      runCli(['follow-up', OPINION, '--as-of', '2023-02-30'], env),
      runCli(['follow-up', OPINION, '--format', 'pdf'], env),
      runCli(['follow-up', 'A/HRC/WGAD/1999/1', '--as-of', '2023-09-26', '--out', file('none.html')], env),
    ]);
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1]);
    expect(runs.map((r) => r.stderr.trim())).toEqual([
      'compliance-ledger: --as-of must be a calendar date YYYY-MM-DD',
      'compliance-ledger: --format must be html or json',
      'compliance-ledger: no opinion A/HRC/WGAD/1999/1 adopted by that day',
    ]);
  }, 30_000);
});
