import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importItems, type ImportItem } from '../../src/cases/import/case-import';
import type { EventStore } from '../../src/event-store/event-store.port';
import { spawnTs } from '../support/child-process';
import { API_KEYS } from '../support/test-app';

/** Helpers shared by the audit tests: the worked example, the CLI as a child process, small waits. */

export const EXAMPLE_DAY = '2023-09-26';
export const WHATSAPP_CASE = 'kz-whatsapp-group-2018';
export const GENESIS = '0'.repeat(64);

export const exampleItems = (): ImportItem[] =>
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'examples', 'forum18-kazakhstan-2023.json'), 'utf8'),
  ) as ImportItem[];

/** Records the worked example (47 events in 6 cases) the way `compliance-ledger import` does. */
export async function importExample(store: EventStore): Promise<void> {
  const report = await importItems(store, exampleItems(), {
    today: EXAMPLE_DAY,
    actor: 'import',
    recordedAt: () => new Date().toISOString(),
  });
  if (report.problems.length || report.stored !== 47) throw new Error(`import failed: ${JSON.stringify(report)}`);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `compliance-ledger <args>` from the sources in a child process; resolves once its pipes are closed. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawnTs('src/cli/main.ts', args, { API_KEYS, NOW: EXAMPLE_DAY, EVENT_STORE: 'sqlite', ...env });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A minimal RFC 4180 reader: quoted cells with doubled quotes, CRLF or LF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}
