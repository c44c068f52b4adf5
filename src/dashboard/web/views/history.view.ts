/**
 * The auditor's desk (`#/cases/{caseId}/history`): every stored event with its metadata and sources, corrections
 * linked both ways, the chain's verification, the case replayed as it was known at a recorded time (and what changed
 * in what was known between two times), and the exports. Needs an auditor's or an admin's key.
 */
import { ApiError } from '../api.js';
import type { HistoryEntry, KnownState, VerifyAnswer } from '../audit-types.js';
import { fill, h } from '../dom.js';
import { download } from '../download.js';
import { fullDate } from '../format.js';
import { knownChanges } from '../known-diff.js';
import { caseHref, replaceQuery } from '../router.js';
import { changesList, focusRow, historyTable, instant, replay, verification } from './history-sections.js';
import type { View } from './view.js';

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
        shown.push(
          recordedBetween(from.knownAt!, to.knownAt!),
          changesList(knownChanges(from, to), from.knownAt!, to.knownAt!),
        );
      }
      fill(parts.result, shown);
    } catch (error) {
      parts.problem.textContent = error instanceof Error ? error.message : String(error);
      parts.problem.hidden = false;
      fill(parts.result);
    }
  };

  const recordedBetween = (from: string, to: string): HTMLElement => {
    const between = entries.filter(
      (e) => Date.parse(e.recordedAt) > Date.parse(from) && Date.parse(e.recordedAt) <= Date.parse(to),
    );
    return h(
      'p',
      { class: 'recorded-between' },
      between.length
        ? `Recorded between ${instant(from)} and ${instant(to)}: ${between.map((e) => `revision ${e.revision} (${e.type})`).join(', ')}.`
        : `Nothing was recorded between ${instant(from)} and ${instant(to)}.`,
    );
  };

  const load = async () => {
    const [historyAnswer, verifyAnswer] = await Promise.all([
      api.get<HistoryEntry[]>(`${base}/history`),
      api.get<VerifyAnswer>(`${base}/verify`),
    ]).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) throw new ApiError(404, `There is no case ${caseId}.`);
      if (error instanceof ApiError && error.status === 403) {
        throw new ApiError(403, 'The history of a case is for auditors: sign in with an auditor’s or an admin’s key.');
      }
      throw error;
    });
    entries = historyAnswer.body;
    const corrections = entries.filter((e) => e.type === 'EventCorrected').length;
    fill(
      parts.lede,
      `${entries.length} stored events, ${corrections} of them ${corrections === 1 ? 'a correction' : 'corrections'}; replays show facts as of ${fullDate(day)}.`,
    );
    fill(parts.verify, verification(verifyAnswer.body));
    fill(
      parts.events,
      historyTable(caseId, entries, (at) => {
        knownAt.value = at;
        knownAt.focus();
        void runReplay();
      }),
    );
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
  if (route.query.get('event') !== null && Number.isInteger(target)) requestAnimationFrame(() => focusRow(target));

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
