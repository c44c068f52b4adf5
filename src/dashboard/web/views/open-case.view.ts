/**
 * `#/cases/new`: opening a case. The fields are the server's (`caseId` plus CaseOpened's data); the country is chosen
 * by name, and **Add person** adds a row for each person the case is about.
 */
import { h } from '../dom.js';
import { renderFields } from '../forms/field-controls.js';
import { clearErrors, hideAlert, markFields, showAlert } from '../forms/form-errors.js';
import { readFields } from '../forms/form-values.js';
import { Submission } from '../forms/submission.js';
import { caseHref, routeHref } from '../router.js';
import { eventForms, session } from '../session.js';
import type { View } from './view.js';

const TITLE = 'Open a case';

export const openCaseView: View = async ({ api, root }) => {
  root.append(h('p', { class: 'crumbs' }, h('a', { href: routeHref('cases') }, 'All cases')), h('h1', {}, TITLE));
  if (!session().canRecord) {
    root.append(
      h(
        'p',
        { class: 'notice' },
        'Opening a case needs a key with the recorder role or above: Sign in at the top of the page.',
      ),
    );
    return { title: TITLE, refresh: async () => undefined, concerns: () => false };
  }
  const { openCase } = await eventForms(api);
  const noHoldings = { lists: { people: [], opinions: [], requests: [], inquiries: [], facts: [] }, sources: [] };
  const alert = h('div', { class: 'form-alert', role: 'alert', hidden: true });
  const status = h('p', { role: 'status', class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Open case');
  const form = h(
    'form',
    { class: 'record-form', novalidate: true, 'aria-labelledby': 'open-case-heading' },
    h('h2', { id: 'open-case-heading', class: 'visually-hidden' }, 'The case and the people it is about'),
    renderFields(openCase, '', undefined, noHoldings),
    alert,
    h('div', { class: 'actions' }, submit, status),
  );
  const submission = new Submission<{ caseId: string; revision: number }>(api, '/cases');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(form);
      hideAlert(alert);
      status.textContent = 'Opening the case…';
      const body = readFields(form, openCase);
      const outcome = await submission.send(body);
      status.textContent = '';
      if (outcome.ok) {
        location.hash = caseHref(outcome.body.caseId);
        return;
      }
      const { problem } = outcome;
      const { unplaced, first } = markFields(
        form,
        problem.errors ?? (problem.field ? [`${problem.field}: ${problem.message}`] : []),
        /^$/,
      );
      if (outcome.status === 0) {
        showAlert(
          alert,
          'The server did not answer.',
          'What you typed is kept. Open case again sends the same request; the case is opened once.',
        );
      } else if (outcome.status === 409) {
        showAlert(
          alert,
          'That case id is taken.',
          problem.message ?? '',
          ' ',
          h('a', { href: caseHref(String(body.caseId)) }, 'See that case'),
        );
      } else if (unplaced.length || !first) {
        showAlert(
          alert,
          outcome.status === 400 ? 'Some fields need attention.' : 'The case could not be opened.',
          unplaced.join(' ') || problem.message || '',
        );
      }
      (first ?? alert).focus();
    })();
  });
  alert.tabIndex = -1;
  root.append(form);
  return { title: TITLE, refresh: async () => undefined, concerns: () => false };
};
