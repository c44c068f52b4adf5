/**
 * The dashboard page: picks the view from the URL, draws it as of the chosen day, asks for a key when reads need one,
 * and redraws what a newly recorded event changes, without a reload.
 */
import { Api, ApiError, KeyNeeded, compareCheckpoints } from './api.js';
import type { DashboardMeta, LiveEvent } from './api-types.js';
import { fill, h } from './dom.js';
import { openLinksWithKey } from './download.js';
import { LiveConnection } from './live.js';
import { currentRoute, type RouteName } from './router.js';
import { loadSession } from './session.js';
import { Shell } from './shell.js';
import { alertsView, isAlertEvent } from './views/alerts.view.js';
import { authoritiesView } from './views/authorities.view.js';
import { caseView } from './views/case.view.js';
import { casesView } from './views/cases.view.js';
import { countriesView } from './views/countries.view.js';
import { historyView } from './views/history.view.js';
import { openCaseView } from './views/open-case.view.js';
import { opinionsView } from './views/opinions.view.js';
import type { View, ViewHandle } from './views/view.js';

const VIEWS: Record<RouteName, View> = {
  opinions: opinionsView,
  cases: casesView,
  case: caseView,
  history: historyView,
  authorities: authoritiesView,
  countries: countriesView,
  alerts: alertsView,
  'new-case': openCaseView,
};

/** Bursts (an import records dozens of events) become one redraw. */
const REFRESH_DELAY_MS = 250;

const api = new Api();
const shell = new Shell(api);
openLinksWithKey(api);
let meta: DashboardMeta = { today: new Date().toISOString().slice(0, 10), readsRequireKey: false };
let handle: ViewHandle | undefined;
let drawing = 0;
let lastCheckpoint: string | undefined;
let refreshTimer: number | undefined;

const seen = (checkpoint: string | undefined) => {
  if (!checkpoint) return;
  if (!lastCheckpoint || compareCheckpoints(checkpoint, lastCheckpoint) > 0) lastCheckpoint = checkpoint;
  shell.showCheckpoint(lastCheckpoint);
};

async function render(moveFocus: boolean): Promise<void> {
  const route = currentRoute();
  const asOf = route.query.get('asOf');
  // Today picked by hand is still today: only another day makes this a view of the past.
  const picked = asOf !== null && /^\d{4}-\d{2}-\d{2}$/.test(asOf) && asOf !== meta.today;
  const day = picked ? asOf : meta.today;
  const ticket = ++drawing;
  handle?.dispose?.();
  handle = undefined;
  shell.showRoute(route, day, picked, meta.today);
  shell.main.setAttribute('aria-busy', 'true');
  const root = h('div', { class: `view view-${route.name}` });
  try {
    const next = await VIEWS[route.name]({ api, route, day, picked, root, seen });
    if (ticket !== drawing) return next.dispose?.();
    handle = next;
    document.title = `${next.title} — Compliance Ledger`;
    fill(shell.main, root);
    shell.hideKeyPanel();
    if (moveFocus) focusHeading(root);
  } catch (error) {
    if (ticket === drawing) showError(error);
  } finally {
    if (ticket === drawing) shell.main.removeAttribute('aria-busy');
  }
}

/** After a change of view, a screen reader user lands on its heading rather than back at the top of the page. */
function focusHeading(root: HTMLElement): void {
  const heading = root.querySelector('h1');
  heading?.setAttribute('tabindex', '-1');
  heading?.focus();
}

function showError(error: unknown): void {
  if (error instanceof KeyNeeded) {
    shell.showKeyPanel(
      api.key ? 'That key was not accepted. Enter another one.' : 'This server needs an API key to read.',
    );
    fill(shell.main, h('p', { class: 'notice' }, 'Reading this ledger needs an API key.'));
    return;
  }
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  fill(
    shell.main,
    h(
      'div',
      { class: 'error', role: 'alert' },
      h('h1', { tabindex: '-1' }, 'Could not show this view'),
      h('p', {}, message),
      h('button', { type: 'button', onclick: () => void render(true) }, 'Try again'),
    ),
  );
}

function onLiveEvent(event: LiveEvent): void {
  shell.logEvent(event);
  if (isAlertEvent(event)) shell.countAlert(currentRoute().name === 'alerts');
  if (!handle?.concerns(event)) return;
  if (lastCheckpoint && compareCheckpoints(lastCheckpoint, event.checkpoint) >= 0) return; // already shown
  clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(() => {
    const current = handle;
    current?.refresh().catch((error: unknown) => current === handle && showError(error));
  }, REFRESH_DELAY_MS);
}

async function boot(): Promise<void> {
  try {
    const response = await fetch('/dashboard/meta', { headers: { Accept: 'application/json' } });
    if (response.ok) meta = (await response.json()) as DashboardMeta;
  } catch {
    // The views will report the server missing; today falls back on the browser's date meanwhile.
  }
  const live = new LiveConnection('/events', {
    headers: () => api.headers(),
    onStatus: (status) => shell.showLiveStatus(status),
    onEvent: onLiveEvent,
    // Reopened after a gap: anything recorded meanwhile was missed, so redraw if the store moved on.
    onOpen: (checkpoint) => {
      if (handle && lastCheckpoint && compareCheckpoints(checkpoint, lastCheckpoint) > 0) {
        void handle.refresh().catch(showError);
      }
    },
  });
  const signedIn = async () => {
    const { role, name } = await loadSession(api);
    shell.showSession(role, name);
  };
  shell.onKeyChange(() => {
    live.restart();
    void signedIn().then(() => render(false));
  });
  shell.onDayChange(() => void render(false));
  window.addEventListener('hashchange', () => void render(true));
  if (meta.readsRequireKey && !api.key) shell.showKeyPanel('This server needs an API key to read.');
  await signedIn();
  await render(false);
  live.start();
}

void boot();
