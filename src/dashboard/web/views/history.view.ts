/**
 * The auditor's desk (`#/cases/{caseId}/history`): every stored event with its metadata and sources, corrections
 * linked both ways, the chain's verification, the case replayed as it was known at a recorded time (and what changed
 * in what was known between two times), and the exports. Needs an auditor's or an admin's key.
 */
import { ApiError } from '../api.js';
import type { HistoryEntry, HistoryPage, KnownState, VerifyAnswer } from '../audit-types.js';
import { fill, h } from '../dom.js';
import { download } from '../download.js';
import { fullDate } from '../format.js';
import { knownChanges } from '../known-diff.js';
import { caseHref, replaceQuery } from '../router.js';
import { changesList, focusRow, historyTable, instant, replay, verification } from './history-sections.js';
import type { View } from './view.js';

/** The server's largest page of history (GET /cases/{id}/history?limit=). */
const PAGE = 500;

export const historyView: View = async (context) => {
  const { api, route, root, day } = context;
  const caseId = route.caseId ?? '';
  const base = `/cases/${encodeURIComponent(caseId)}`;
  const parts = {
    lede: h('p', { class: 'lede' }),
    verify: h('div'),
    events: h('div', { class: 'table-wrap' }),
    result: h('div', { class: 'replay-result', 'aria-live': 'polite' }),
    problem: h('p', { role: 'alert', class: 'form-problem', hidden: true }),
  };
  let entries: HistoryEntry[] = [];
  let next: number | null = null;
  let total = 0;

  const knownAt = h('input', {
    id: 'known-at',
    name: 'knownAt',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: '2023-09-26T12:00:00Z',
    value: route.query.get('knownAt') ?? '',
  });
  const comparedWith = h('input', {
    id: 'compared-with',
    name: 'comparedWith',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: 'optional: an earlier time',
    value: route.query.get('comparedWith') ?? '',
  });

  const replayAt = (at: string) => {
    knownAt.value = at;
    knownAt.focus();
    void runReplay();
  };

  const state = async (at: string) => (await api.get<KnownState>(`${base}/state`, { asOf: day, knownAt: at })).body;

  const runReplay = async () => {
    parts.problem.hidden = true;
    const at = knownAt.value.trim();
    const other = comparedWith.value.trim();
    replaceQuery({ knownAt: at, comparedWith: other });
    if (!at) return fill(parts.result);
    try {
      const later = await state(at);
      const shown = [replay(later, day)];
      if (other) {
        const earlier = await state(other);
        const [from, to] =
          Date.parse(earlier.knownAt ?? '') <= Date.parse(later.knownAt ?? '') ? [earlier, later] : [later, earlier];
        shown.push(recordedBetween(from, to), changesList(knownChanges(from, to), from.knownAt!, to.knownAt!));
      }
      fill(parts.result, shown);
    } catch (error) {
      parts.problem.textContent = error instanceof Error ? error.message : String(error);
      parts.problem.hidden = false;
      fill(parts.result);
    }
  };

  /** Events are recorded in revision order: what was recorded between two times is the revisions between. */
  const recordedBetween = (from: KnownState, to: KnownState): HTMLElement => {
    const span = `${instant(from.knownAt!)} and ${instant(to.knownAt!)}`;
    if (to.revision <= from.revision)
      return h('p', { class: 'recorded-between' }, `Nothing was recorded between ${span}.`);
    const revisions = Array.from({ length: to.revision - from.revision }, (_, i) => from.revision + 1 + i);
    const named = revisions.map((revision) => {
      const type = entries.find((e) => e.revision === revision)?.type;
      return type ? `revision ${revision} (${type})` : `revision ${revision}`;
    });
    const shown = named.length > 20 ? [...named.slice(0, 20), `and ${named.length - 20} more`] : named;
    return h('p', { class: 'recorded-between' }, `Recorded between ${span}: ${shown.join(', ')}.`);
  };

  /** Reads the history from `fromRevision` on, a page of at most PAGE events (the server's largest). */
  const page = async (fromRevision: number) =>
    (await api.get<HistoryPage>(`${base}/history`, { fromRevision: String(fromRevision), limit: String(PAGE) })).body;

  const drawEvents = () => {
    const table = historyTable(caseId, entries, { replayAt, goTo: (revision) => void goTo(revision) });
    const more =
      next === null
        ? null
        : h(
            'p',
            { class: 'more' },
            h(
              'button',
              { type: 'button', onclick: () => void loadMore().then(drawEvents) },
              `Show the next ${Math.min(PAGE, total - entries.length)} events`,
            ),
            ` (${entries.length} of ${total} shown)`,
          );
    fill(parts.events, table, more);
  };

  const loadMore = async () => {
    if (next === null) return;
    const answer = await page(next);
    entries = [...entries, ...answer.items];
    next = answer.nextFromRevision;
    total = answer.total;
  };

  /** A link to a row not shown yet (a correction recorded long after what it corrects) loads the pages up to it. */
  const goTo = async (revision: number) => {
    while (next !== null && !entries.some((e) => e.revision === revision)) await loadMore();
    drawEvents();
    focusRow(revision);
  };

  const load = async () => {
    const shown = Math.max(entries.length, 1);
    const [first, verifyAnswer] = await Promise.all([page(0), api.get<VerifyAnswer>(`${base}/verify`)]).catch(
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 404) throw new ApiError(404, `There is no case ${caseId}.`);
        if (error instanceof ApiError && error.status === 403) {
          throw new ApiError(
            403,
            'The history of a case is for auditors: sign in with an auditor’s or an admin’s key.',
          );
        }
        throw error;
      },
    );
    entries = first.items;
    next = first.nextFromRevision;
    total = first.total;
    // A refresh keeps as many events shown as before.
    while (next !== null && entries.length < shown) await loadMore();
    fill(parts.lede, `${total} stored events; replays show facts as of ${fullDate(day)}.`);
    fill(parts.verify, verification(verifyAnswer.body));
    drawEvents();
  };
  await load();

  const exportButton = (format: 'json' | 'csv') =>
    h(
      'button',
      {
        type: 'button',
        'data-export': format,
        onclick: () =>
          download(api, `${base}/export?format=${format}`, `${caseId}.${format}`).catch((error: unknown) => {
            parts.problem.textContent = `The export failed: ${error instanceof Error ? error.message : String(error)}`;
            parts.problem.hidden = false;
          }),
      },
      `Download ${format.toUpperCase()}`,
    );

  root.append(
    h('p', { class: 'crumbs' }, h('a', { href: caseHref(caseId) }, `Case ${caseId}`)),
    h('h1', {}, `History of ${caseId}`),
    parts.lede,
    section('Verification', 'verify-heading', parts.verify),
    section(
      'Exports',
      'exports-heading',
      h('p', {}, 'The full history with its chain fields, to verify anywhere (docs/tamper-evidence.md): '),
      h('p', { class: 'exports' }, exportButton('json'), ' ', exportButton('csv')),
    ),
    section(
      'Replay as known at a time',
      'replay-heading',
      h(
        'form',
        {
          class: 'replay-form',
          onsubmit: (event: Event) => {
            event.preventDefault();
            void runReplay();
          },
        },
        field('known-at', 'Known at (ISO time, UTC with Z, or a day)', knownAt),
        field('compared-with', 'Compare with what was known at', comparedWith),
        h('button', { type: 'submit' }, 'Replay'),
      ),
      parts.problem,
      parts.result,
    ),
    section('Events', 'events-heading', parts.events),
  );
  if (knownAt.value) void runReplay();
  const target = Number(route.query.get('event'));
  if (route.query.get('event') !== null && Number.isInteger(target)) requestAnimationFrame(() => void goTo(target));

  return {
    title: `History of ${caseId}`,
    refresh: load,
    concerns: (event) => event.stream === `case-${caseId}`,
  };
};

const section = (title: string, id: string, ...content: HTMLElement[]) =>
  h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...content);

const field = (id: string, text: string, control: HTMLElement) =>
  h('div', { class: 'field' }, h('label', { for: id }, text), control);
