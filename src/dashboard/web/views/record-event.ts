/**
 * The event form of a case: the event's type, then the server's fields for that type, its sources and a note. The
 * same form, filled in, corrects a fact (an `EventCorrected` with the replacement and a reason) or retracts it.
 */
import type { Api } from '../api.js';
import { h } from '../dom.js';
import { renderFields, type Holdings } from '../forms/field-controls.js';
import { clearErrors, hideAlert, markFields, showAlert } from '../forms/form-errors.js';
import type { EventForms, FormField, Workbench, WorkbenchFact } from '../forms/form-types.js';
import { readFields } from '../forms/form-values.js';
import { optionLabel } from '../forms/labels.js';
import { Submission, type Outcome } from '../forms/submission.js';

export interface EventFormOptions {
  api: Api;
  caseId: string;
  forms: EventForms;
  workbench: Workbench;
  /** Given: the form corrects this fact instead of recording a new one. */
  correcting?: WorkbenchFact;
  onRecorded(revision: number, what: string): void;
  onCancel(): void;
  /** The case as it is now, to show what was recorded meanwhile after a 409. */
  reload(): Promise<Workbench>;
}

type Recorded = { revision: number };

export function eventForm(options: EventFormOptions): HTMLFormElement {
  const { forms, workbench, correcting } = options;
  const holdings: Holdings = { lists: workbench.lists, sources: workbench.sources };
  // The revision the form was loaded at, sent with each submission: a write by someone else meanwhile is a 409.
  let expectedRevision = workbench.revision;
  const types = Object.keys(forms.events).filter((type) => !(correcting && type === 'EventCorrected'));
  let type = correcting?.type ?? types[0];
  const fieldsOf = (t: string): FormField[] => forms.events[t] ?? [];

  const heading = correcting ? `Correct revision ${correcting.revision}: ${correcting.summary}` : 'Record an event';
  const typeSelect = h(
    'select',
    { id: 'f-type', name: 'type', required: true },
    types.map((t) => h('option', { value: t, selected: t === type }, optionLabel(t))),
  );
  const fields = h('div', { class: 'fields' }, renderFields(fieldsOf(type), '', correcting?.data, holdings));
  // The correction's own words (its reason); its sources and note would share names with the fact's.
  const reasonFields = correcting ? fieldsOf('EventCorrected').filter((f) => f.kind === 'text' && f.required) : [];
  const retract = h('input', { type: 'radio', name: 'correction', value: 'retract', id: 'correction-retract' });
  const replace = h('input', {
    type: 'radio',
    name: 'correction',
    value: 'replace',
    id: 'correction-replace',
    checked: true,
  });
  const what = h(
    'fieldset',
    { class: 'fields-box' },
    h('legend', {}, correcting ? 'The fact as it should read' : 'The event'),
    h('div', { class: 'field' }, h('label', { for: 'f-type' }, 'Event type'), typeSelect),
    fields,
  );
  const alert = h('div', { class: 'form-alert', role: 'alert', tabindex: '-1', hidden: true });
  const status = h('p', { class: 'form-status', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel());
  const form = h(
    'form',
    {
      class: 'record-form',
      novalidate: true,
      'aria-labelledby': 'record-form-heading',
      'data-form': correcting ? 'correct' : 'record',
    },
    h('h3', { id: 'record-form-heading', tabindex: '-1' }, heading),
    correcting
      ? h(
          'fieldset',
          { class: 'correction' },
          h('legend', {}, 'What to do with it'),
          h('label', { class: 'check' }, replace, ' Replace it with what this form says'),
          h('label', { class: 'check' }, retract, ' Retract it: it should not have been recorded'),
          renderFields(reasonFields, '', undefined, holdings),
        )
      : null,
    what,
    alert,
    h(
      'div',
      { class: 'actions' },
      submit,
      h('button', { type: 'button', onclick: () => options.onCancel() }, 'Cancel'),
      status,
    ),
  );

  function submitLabel(): string {
    if (!correcting) return 'Record the event';
    return retract.checked ? 'Record the retraction' : 'Record the correction';
  }
  for (const radio of [replace, retract]) {
    radio.addEventListener('change', () => {
      what.disabled = retract.checked;
      submit.textContent = submitLabel();
    });
  }
  typeSelect.addEventListener('change', () => {
    // What fits the new type (the date, the sources) is kept; the rest belongs to the old one.
    const kept = readFields(fields, fieldsOf(type));
    type = typeSelect.value;
    fields.replaceChildren(...renderFields(fieldsOf(type), '', kept, holdings));
  });

  const submission = new Submission<Recorded>(options.api, `/cases/${encodeURIComponent(options.caseId)}/events`);
  const body = () => {
    const data = readFields(fields, fieldsOf(type));
    if (!correcting) return { type, data, expectedRevision };
    const correction: Record<string, unknown> = { revision: correcting.revision, ...readFields(form, reasonFields) };
    if (!retract.checked) correction.replacement = { type, data };
    return { type: 'EventCorrected', data: correction, expectedRevision };
  };
  const send = async () => {
    clearErrors(form);
    hideAlert(alert);
    status.textContent = 'Recording…';
    const outcome = await submission.send(body());
    status.textContent = '';
    if (outcome.ok)
      return options.onRecorded(
        outcome.body.revision,
        correcting ? submitLabel().replace(/^Record/, '') : optionLabel(type),
      );
    await showProblem(outcome);
  };
  const showProblem = async (outcome: Exclude<Outcome<Recorded>, { ok: true }>) => {
    const { problem } = outcome;
    const strip = /^data\.(replacement\.data\.)?/;
    const errors = problem.errors ?? (problem.field ? [`data.${problem.field}: ${problem.message ?? ''}`] : []);
    const { unplaced, first } = markFields(form, errors, strip);
    if (outcome.status === 0) {
      showAlert(
        alert,
        'The server did not answer.',
        'What you typed is kept. Recording again sends the same request, which is stored once.',
      );
    } else if (outcome.status === 409) {
      await showConflict(problem.actualRevision ?? undefined);
      return;
    } else if (outcome.status === 422) {
      showAlert(alert, 'This breaks a rule of the ledger.', problem.message ?? '');
    } else if (unplaced.length || !first) {
      showAlert(
        alert,
        outcome.status === 400 ? 'Some fields need attention.' : 'Not recorded.',
        unplaced.join(' ') || problem.message || '',
      );
    }
    (outcome.status === 400 && first ? first : alert).focus();
  };
  const showConflict = async (actual: number | undefined) => {
    const now = await options.reload().catch(() => undefined);
    const meanwhile =
      now?.facts.filter((f) => f.revision > expectedRevision || f.correctedBy.some((r) => r > expectedRevision)) ?? [];
    const onTop = h('button', { type: 'button' }, 'Record on top of it');
    onTop.addEventListener('click', () => {
      expectedRevision = now?.revision ?? actual ?? expectedRevision;
      void send();
    });
    showAlert(
      alert,
      'Someone recorded in this case meanwhile.',
      `This form was loaded at revision ${expectedRevision}; the case is now at revision ${now?.revision ?? actual ?? '?'}. Nothing of yours was stored. Recorded meanwhile:`,
      h(
        'ul',
        {},
        meanwhile.length
          ? meanwhile.map((f) => h('li', {}, `${f.revision}: ${f.summary}`))
          : h('li', {}, 'a correction'),
      ),
      'Check that your event still holds, then ',
      onTop,
    );
    alert.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  return form;
}
