import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importItems } from '../../src/cases/import/case-import';
import { DASHBOARD_OPTIONS, type DashboardOptions } from '../../src/dashboard/dashboard.options';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import type { BrowserContext, Page } from 'playwright-core';
import { openChromiumPage } from './chromium';
import { KEYS, startTestApp, type TestApp } from './test-app';

const ROOT = resolve(__dirname, '../..');

/**
 * Builds the dashboard exactly as `npm run build:dashboard` does, into `outDir`. Each test file builds its own copy:
 * always from the current sources, and never half-written under another test running alongside.
 */
export function buildDashboard(outDir: string): string {
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'pipe' });
  run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.dashboard.json', '--outDir', outDir]);
  run(['scripts/copy-dashboard-assets.mjs', outDir]);
  return outDir;
}

export interface DashboardApp extends TestApp {
  /** http://127.0.0.1:port */
  url: string;
}

/** One build per test file is enough: the sources do not change while it runs. */
let builtOnce: string | undefined;

/** The app on a real port (a browser needs one), with a freshly built dashboard. */
export async function startDashboardApp(
  env: Record<string, string> = {},
  options: Partial<DashboardOptions> = {},
): Promise<DashboardApp> {
  const publicDir =
    options.publicDir ?? (builtOnce ??= buildDashboard(mkdtempSync(join(tmpdir(), 'ledger-dashboard-'))));
  const t = await startTestApp(env, (builder) =>
    builder.overrideProvider(DASHBOARD_OPTIONS).useValue({ heartbeatMs: 15_000, ...options, publicDir }),
  );
  await t.app.listen(0, '127.0.0.1');
  return Object.assign(t, { url: await t.app.getUrl() });
}

/** Imports the worked example the way the CLI does, then waits until the read side shows its six cases. */
export async function importExample(t: TestApp): Promise<void> {
  const items = JSON.parse(readFileSync(join(ROOT, 'examples/forum18-kazakhstan-2023.json'), 'utf8')) as unknown;
  const report = await importItems(t.app.get<EventStore>(EVENT_STORE), items, {
    today: '2023-09-26',
    actor: 'import',
    recordedAt: () => new Date().toISOString(),
  });
  expect(report.problems).toEqual([]);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const cases = await t.http.get('/cases').set({ Authorization: `Bearer ${KEYS.viewer}` });
    if (cases.status === 200 && (cases.body as unknown[]).length === 6) return;
    if (Date.now() > deadline) throw new Error(`the read side did not show the example: ${cases.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a browser suite on the dashboard works with. */
export interface DashboardSuite {
  t: DashboardApp;
  browser: BrowserContext;
  page: Page;
  /** The uncaught errors the page's script threw (kept with `checkPageErrors`; keepPageErrors adds another page's). */
  pageErrors: string[];
}

/**
 * A browser suite's hooks, inside its describe: the app started (`env`, `dashboard`) and `prepare`d, then Chromium
 * opened on its first page and the two given to `opened`; after the suite, both closed. With `checkPageErrors`, an
 * uncaught error thrown by the page's script fails the test it was thrown in.
 */
export function dashboardInChromium(
  opened: (suite: DashboardSuite) => void,
  options: {
    env?: Record<string, string>;
    dashboard?: Partial<DashboardOptions>;
    prepare?: (t: DashboardApp) => Promise<void>;
    checkPageErrors?: boolean;
  } = {},
): void {
  let t: DashboardApp | undefined;
  let browser: BrowserContext | undefined;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    t = await startDashboardApp(options.env, options.dashboard);
    await options.prepare?.(t);
    const chromium = await openChromiumPage(options.checkPageErrors ? pageErrors : undefined);
    browser = chromium.browser;
    opened({ t, ...chromium, pageErrors });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  if (options.checkPageErrors) afterEach(() => expect(pageErrors).toEqual([]));
}
