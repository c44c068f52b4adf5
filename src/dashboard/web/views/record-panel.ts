/**
 * The recorders' part of a case page: **Record an event**, and every fact as it stands with a **Correct** control.
 * Shown only to keys that may write; the server refuses the others anyway.
 */
import type { Api } from '../api.js';
import { fill, h } from '../dom.js';
import type { EventForms, Workbench, WorkbenchFact } from '../forms/form-types.js';
import { eventForm } from './record-event.js';
import { eventForms, session } from '../session.js';

export interface RecordPanel {
  element: HTMLElement;
  /** Re-reads the case's facts; an open form keeps what was typed and the revision it was loaded at. */
  refresh(): Promise<void>;
}

export function recordPanel(api: Api, caseId: string): RecordPanel {
  if (!session().canRecord) return { element: h('div', { hidden: true }), refresh: async () => undefined };
  const status = h('p', { class: 'form-status', role: 'status' });
  const place = h('div', { class: 'form-place' });
  const facts = h('div', { class: 'facts' });
  const open = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false' }, 'Record an event');
  let forms: EventForms | undefined;
  let workbench: Workbench | undefined;

  const load = async () => {
    const path = `/cases/${encodeURIComponent(caseId)}/workbench`;
    [forms, workbench] = await Promise.all([
      eventForms(api),
      api.get<Workbench>(`/dashboard${path}`).then((a) => a.body),
    ]);
    return workbench;
  };
  const close = (focus: HTMLElement | undefined) => {
    place.replaceChildren();
    open.setAttribute('aria-expanded', 'false');
    focus?.focus();
  };
  const show = async (correcting?: WorkbenchFact) => {
    // A fresh read: the form's expectedRevision is the case as it is when the form opens.
    await load();
    if (!forms || !workbench) return;
    status.textContent = '';
    const form = eventForm({
      api,
      caseId,
      forms,
      workbench,
      correcting,
      reload: load,
      onCancel: () => close(open),
      onRecorded: (revision, what) => {
        close(open);
        status.textContent = `Recorded${what ? `: ${what.trim()}` : ''}, as revision ${revision}.`;
        void refresh();
      },
    });
    place.replaceChildren(form);
    open.setAttribute('aria-expanded', String(!correcting));
    form.querySelector<HTMLElement>(correcting ? 'h3' : '#f-type')?.focus();
  };
  open.addEventListener('click', () => {
    if (open.getAttribute('aria-expanded') === 'true') close(open);
    else void show();
  });

  const drawFacts = () => {
    if (!workbench) return;
    fill(
      facts,
      h('h3', { id: 'facts-heading' }, 'Recorded facts'),
      h(
        'ol',
        { class: 'fact-list', 'aria-labelledby': 'facts-heading' },
        workbench.facts.map((fact) =>
          h(
            'li',
            { 'data-revision': String(fact.revision), 'data-type': fact.type },
            h('span', { class: 'rev' }, `${fact.revision}`),
            ' ',
            h('span', { class: 'summary' }, fact.summary),
            fact.correctedBy.length
              ? h('span', { class: 'flag corrected' }, ` corrected (revision ${fact.correctedBy.join(', ')})`)
              : null,
            ' ',
            h(
              'button',
              { type: 'button', class: 'correct', onclick: () => void show(fact) },
              'Correct',
              h('span', { class: 'visually-hidden' }, ` revision ${fact.revision}: ${fact.summary}`),
            ),
          ),
        ),
      ),
    );
  };
  const refresh = async () => {
    await load();
    drawFacts();
  };

  const element = h(
    'section',
    { class: 'record-panel', 'aria-labelledby': 'record-heading' },
    h('h2', { id: 'record-heading' }, 'Record'),
    h('div', { class: 'actions' }, open, status),
    place,
    facts,
  );
  return { element, refresh };
}
