/**
 * The parts of the auditor's desk: the stored events with their corrections linked both ways, the chain's
 * verification, and a replay of the case as it was known at a time.
 */
import type { Source } from '../api-types.js';
import type { HistoryEntry, KnownState, VerifyAnswer } from '../audit-types.js';
import { custodyBadge, gradeBadge, statusBadge } from '../badges.js';
import { h, type Child } from '../dom.js';
import { fullDate, label, partialDate } from '../format.js';
import type { KnownChange } from '../known-diff.js';
import { routeHref } from '../router.js';

/** A recorded time to the second, in UTC: two events recorded in the same minute must read apart. */
export function instant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString();
  return `${fullDate(text.slice(0, 10))}, ${text.slice(11, 19)} UTC`;
}

export const eventRowId = (revision: number): string => `event-${revision}`;

/** A link to another row of the table: it moves there without drawing the view again, and can be bookmarked. */
export interface TableActions {
  /** Fills the replay with the time the event was recorded. */
  replayAt(recordedAt: string): void;
  /** Moves to a row, loading the pages up to it first when it is not shown yet. */
  goTo(revision: number): void;
}

function rowLink(caseId: string, revision: number, text: string, actions: TableActions): HTMLAnchorElement {
  const href = routeHref(`cases/${encodeURIComponent(caseId)}/history`, { event: String(revision) });
  return h(
    'a',
    {
      href,
      'data-goto': revision,
      onclick: (event: Event) => {
        event.preventDefault();
        history.replaceState(history.state, '', href);
        actions.goTo(revision);
      },
    },
    text,
  );
}

export function focusRow(revision: number): void {
  const row = document.getElementById(eventRowId(revision));
  if (!row) return;
  document.querySelectorAll('tr.target').forEach((r) => r.classList.remove('target'));
  row.classList.add('target');
  row.setAttribute('tabindex', '-1');
  row.focus({ preventScroll: true });
  row.scrollIntoView({ block: 'center' });
}

const occurred = (entry: HistoryEntry): string | undefined => {
  const replacement = entry.data.replacement as { data?: { occurredOn?: unknown } } | undefined;
  const on = entry.data.occurredOn ?? replacement?.data?.occurredOn;
  return typeof on === 'string' ? on : undefined;
};

function sourcesCell(sources: Source[]): Child {
  if (!sources.length) return h('span', { class: 'sub' }, 'none');
  return h(
    'ul',
    { class: 'sources-inline' },
    sources.map((s) => {
      const text = s.title ?? s.url ?? s.publisher ?? 'source';
      return h('li', {}, s.url && /^https?:\/\//i.test(s.url) ? h('a', { href: s.url, rel: 'noopener' }, text) : text);
    }),
  );
}

/** What links the row to its corrections, or the correction to what it corrects. */
function correctionCell(caseId: string, entry: HistoryEntry, actions: TableActions): Child {
  if (entry.type === 'EventCorrected') {
    const target = Number(entry.data.revision);
    const replacement = entry.data.replacement as { type?: string } | undefined;
    return [
      h('span', { class: 'flag correction' }, 'correction'),
      ' of ',
      rowLink(caseId, target, `revision ${target}`, actions),
      h('span', { class: 'sub' }, replacement?.type ? `replaced by a ${replacement.type}` : 'retracted'),
      h('span', { class: 'sub' }, `reason: ${String(entry.data.reason ?? '')}`),
    ];
  }
  if (!entry.correctedBy?.length) return null;
  return [
    h('span', { class: 'flag corrected' }, 'corrected'),
    ' by ',
    entry.correctedBy.map((revision, i) => [i ? ', ' : '', rowLink(caseId, revision, `revision ${revision}`, actions)]),
  ];
}

export function historyTable(caseId: string, entries: HistoryEntry[], actions: TableActions): HTMLElement {
  const rows = entries.map((entry) =>
    h(
      'tr',
      {
        id: eventRowId(entry.revision),
        'data-revision': entry.revision,
        class: entry.correctedBy?.length ? 'is-corrected' : undefined,
      },
      h('td', { class: 'numeric', 'data-label': 'Revision' }, entry.revision),
      h('th', { scope: 'row', 'data-label': 'Type' }, entry.type),
      h('td', { 'data-label': 'Occurred' }, occurred(entry) ? partialDate(occurred(entry)!) : '—'),
      h('td', { 'data-label': 'Recorded at' }, h('time', { datetime: entry.recordedAt }, instant(entry.recordedAt))),
      h('td', { 'data-label': 'Actor' }, String(entry.actor ?? '')),
      h('td', { 'data-label': 'Sources' }, sourcesCell(entry.sources)),
      h('td', { 'data-label': 'Correction', class: 'correction-cell' }, correctionCell(caseId, entry, actions)),
      h(
        'td',
        { 'data-label': 'Replay' },
        h(
          'button',
          { type: 'button', class: 'link', onclick: () => actions.replayAt(entry.recordedAt) },
          'As known then',
        ),
      ),
    ),
  );
  const head = ['Revision', 'Type', 'Occurred', 'Recorded at', 'Actor', 'Sources', 'Correction', 'Replay'];
  return h(
    'table',
    { class: 'data history' },
    h('caption', {}, `Every stored event of ${caseId}, in the order recorded`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((title) => h('th', { scope: 'col' }, title)),
      ),
    ),
    h('tbody', {}, rows),
  );
}

export function verification(answer: VerifyAnswer): HTMLElement {
  const text = answer.ok
    ? `Chain verified: ${answer.events} events, each linked to the one before, ending where the store recorded its head.`
    : `Chain broken at revision ${answer.break?.revision ?? '?'}: ${answer.message}`;
  return h(
    'p',
    { class: `verification ${answer.ok ? 'ok' : 'broken'}`, 'data-ok': String(answer.ok), role: 'status' },
    h('span', { class: 'badge-symbol', 'aria-hidden': 'true' }, answer.ok ? '\u2713 ' : '\u2715 '),
    text,
  );
}

/** The case as known at `knownAt` (and as of the page's day): people, dated facts, opinions. */
export function replay(state: KnownState, day: string): HTMLElement {
  const when = state.knownAt ? instant(state.knownAt) : 'now';
  if (state.eventsKnown === 0) {
    return h('p', { class: 'notice' }, `Nothing about this case had been recorded by ${when}.`);
  }
  const view = state.case;
  const facts = view.timeline.flatMap((lane) => lane.facts.map((fact) => ({ lane, fact })));
  return h(
    'div',
    { class: 'replay', 'data-known-at': state.knownAt ?? '' },
    h(
      'p',
      { class: 'lede' },
      `As known at ${when}: ${state.eventsKnown} events (up to revision ${state.revision}), facts as of ${fullDate(day)}.`,
    ),
    h(
      'table',
      { class: 'data replay-people' },
      h('caption', {}, 'People and their custody, as then known'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Custody'))),
      h(
        'tbody',
        {},
        view.subjects.map((s) =>
          h(
            'tr',
            { 'data-person': s.personId },
            h('th', { scope: 'row' }, s.name),
            h('td', {}, custodyBadge(s.custody)),
          ),
        ),
      ),
    ),
    h(
      'table',
      { class: 'data replay-facts' },
      h('caption', {}, 'Dated facts, as then known'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Person', 'Fact', 'Occurred', 'Revision'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        facts.map(({ lane, fact }) =>
          h(
            'tr',
            { 'data-fact-revision': fact.revision },
            h('th', { scope: 'row' }, lane.name),
            h('td', {}, label(fact.kind)),
            h('td', { class: 'occurred' }, partialDate(fact.on.text)),
            h('td', { class: 'numeric' }, fact.revision),
          ),
        ),
      ),
    ),
    state.opinions.length
      ? h(
          'ul',
          { class: 'replay-opinions' },
          state.opinions.map((o) => h('li', {}, `${o.opinionId}: `, statusBadge(o.status), ' ', gradeBadge(o.grade))),
        )
      : null,
  );
}

export function changesList(changes: KnownChange[], from: string, to: string): HTMLElement {
  if (changes.length === 0) {
    return h('p', { class: 'notice' }, `Nothing known changed between ${instant(from)} and ${instant(to)}.`);
  }
  return h(
    'table',
    { class: 'data known-changes' },
    h('caption', {}, `What changed in what was known, from ${instant(from)} to ${instant(to)}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['What', 'Then', 'Later'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      changes.map((c) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, c.what),
          h('td', {}, c.before ?? '(not known)'),
          h('td', {}, c.after ?? '(no longer known)'),
        ),
      ),
    ),
  );
}
