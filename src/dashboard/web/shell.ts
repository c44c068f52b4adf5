/**
 * The parts of the page around the views (index.html): navigation, the as-of day picker, the API key form, the live
 * status and the list of what was just recorded.
 */
import type { Api } from './api.js';
import type { LiveEvent } from './api-types.js';
import { h } from './dom.js';
import { fullDate } from './format.js';
import type { LiveStatus } from './live.js';
import { caseHref, currentRoute, routeHref, type Route } from './router.js';

const LIVE_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live: new records appear here',
  offline: 'Offline, retrying…',
  'key-needed': 'Live updates need an API key',
};
const LOG_LENGTH = 8;

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
};

export class Shell {
  readonly main = byId<HTMLElement>('main');
  private readonly asOf = byId<HTMLInputElement>('as-of');
  private readonly asOfNote = byId<HTMLElement>('as-of-note');
  private readonly keyPanel = byId<HTMLElement>('key-panel');
  private readonly keyReason = byId<HTMLElement>('key-reason');
  private readonly keyInput = byId<HTMLInputElement>('key-input');
  private readonly forgetKey = byId<HTMLButtonElement>('forget-key');
  private readonly signIn = byId<HTMLButtonElement>('sign-in');
  private readonly sessionRole = byId<HTMLElement>('session-role');
  private readonly liveStatus = byId<HTMLElement>('live-status');
  private readonly liveLog = byId<HTMLOListElement>('live-log');
  private readonly announcer = byId<HTMLElement>('announcer');
  private readonly checkpoint = byId<HTMLElement>('checkpoint');
  private readonly alertCount = byId<HTMLElement>('alert-count');
  private newAlerts = 0;
  private recorded = 0;
  private announceTimer: number | undefined;

  constructor(private readonly api: Api) {
    byId('skip-link').addEventListener('click', (event) => {
      event.preventDefault(); // the hash holds the route: jump by focus instead
      this.main.focus();
    });
    this.forgetKey.hidden = !api.key;
    // Enter in the date field must not submit the form (a full page load): the change event does the work.
    byId('as-of-form').addEventListener('submit', (event) => event.preventDefault());
    this.signIn.addEventListener('click', () =>
      this.keyPanel.hidden ? this.showKeyPanel('Sign in with your API key.') : this.hideKeyPanel(),
    );
  }

  /** The role of the key in use, beside **Sign in**. */
  showSession(role: string | null, name: string | null): void {
    this.sessionRole.textContent = role ? `Signed in as ${name ?? 'someone'} (${role})` : 'Not signed in: reading only';
  }

  onKeyChange(listener: () => void): void {
    byId<HTMLFormElement>('key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.api.key = this.keyInput.value.trim();
      this.keyInput.value = '';
      this.forgetKey.hidden = !this.api.key;
      listener();
    });
    this.forgetKey.addEventListener('click', () => {
      this.api.key = undefined;
      this.forgetKey.hidden = true;
      listener();
    });
  }

  /** A new day keeps the view and its filters; only `asOf` changes in the URL. */
  onDayChange(listener: () => void): void {
    const go = (day: string | undefined) => {
      const route = currentRoute();
      if (day) route.query.set('asOf', day);
      else route.query.delete('asOf');
      const [path] = location.hash.split('?');
      const search = route.query.toString();
      history.pushState(null, '', `${path || '#/opinions'}${search ? `?${search}` : ''}`);
      listener();
    };
    this.asOf.addEventListener('change', () => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(this.asOf.value)) go(this.asOf.value);
      else if (this.asOf.value === '') go(undefined);
    });
    byId('as-of-today').addEventListener('click', () => go(undefined));
  }

  showRoute(route: Route, day: string, picked: boolean, today: string): void {
    for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a[data-route]')) {
      const name = link.dataset.route ?? 'opinions';
      link.href = routeHref(name);
      const current =
        name === route.name ||
        (name === 'cases' && (route.name === 'case' || route.name === 'history' || route.name === 'new-case'));
      if (current) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    this.asOf.max = today;
    this.asOf.value = day;
    this.asOfNote.textContent = picked
      ? `Past day: the ledger as it stood on ${fullDate(day)}`
      : `Today, ${fullDate(today)}`;
    this.asOfNote.classList.toggle('past', picked);
    if (route.name === 'alerts') this.countAlert(true);
  }

  showKeyPanel(reason: string): void {
    this.keyReason.textContent = reason;
    this.keyPanel.hidden = false;
    this.signIn.setAttribute('aria-expanded', 'true');
    this.keyInput.focus();
  }

  hideKeyPanel(): void {
    this.keyPanel.hidden = true;
    this.signIn.setAttribute('aria-expanded', 'false');
  }

  showLiveStatus(status: LiveStatus): void {
    this.liveStatus.textContent = LIVE_TEXT[status];
    this.liveStatus.dataset.status = status;
  }

  showCheckpoint(checkpoint: string): void {
    this.checkpoint.textContent = checkpoint;
  }

  logEvent(event: LiveEvent): void {
    const caseId = event.stream.startsWith('case-') ? event.stream.slice('case-'.length) : undefined;
    const item = h(
      'li',
      { class: 'fresh', 'data-type': event.type },
      h('span', { class: 'event-type' }, event.type),
      ' · ',
      caseId ? h('a', { href: caseHref(caseId) }, caseId) : event.stream,
      ` · revision ${event.revision}`,
    );
    this.liveLog.prepend(item);
    while (this.liveLog.children.length > LOG_LENGTH) this.liveLog.lastElementChild?.remove();
    // One announcement per burst: an import records dozens of events at once.
    this.recorded++;
    clearTimeout(this.announceTimer);
    this.announceTimer = window.setTimeout(() => {
      this.announcer.textContent = `${this.recorded} new ${this.recorded === 1 ? 'record' : 'records'}; the view is up to date.`;
      this.recorded = 0;
    }, 1000);
  }

  /** Counts alerts raised since the alerts view was last open; opening it clears the count. */
  countAlert(seen: boolean): void {
    this.newAlerts = seen ? 0 : this.newAlerts + 1;
    this.alertCount.textContent = this.newAlerts ? String(this.newAlerts) : '';
    this.alertCount.hidden = this.newAlerts === 0;
  }
}
