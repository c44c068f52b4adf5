/**
 * What the server refused, shown where it belongs: each message beside its control (`aria-invalid`, the message
 * linked by `aria-describedby`), a broken rule or a conflict in an alert, and the focus on the first problem.
 */
import { fill, h } from '../dom.js';
import { controlId } from './field-controls.js';

/**
 * The control's name from the server's path: `data.sources.0.url` → `sources[0].url`. `strip` removes what wraps the
 * form's own data (`data.`, or `data.replacement.data.` in a correction).
 */
export function fieldName(path: string, strip: RegExp): string {
  return path.replace(strip, '').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

export function clearErrors(form: HTMLElement): void {
  for (const message of form.querySelectorAll('.field-error')) message.remove();
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const ids = (control.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && !id.endsWith('-error'));
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
  }
}

/**
 * Marks each field a message names; answers the messages no field on the form matches (said in the alert instead)
 * and the first control marked, to move the focus to.
 */
export function markFields(
  form: HTMLElement,
  errors: string[],
  strip: RegExp,
): { unplaced: string[]; first?: HTMLElement } {
  const unplaced: string[] = [];
  const marked: HTMLElement[] = [];
  for (const error of errors) {
    const match = /^([\w.[\]]+): (.*)$/.exec(error);
    const name = match ? fieldName(match[1], strip) : undefined;
    const wrapper = name ? form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`) : null;
    if (!match || !name || !wrapper) {
      unplaced.push(error);
      continue;
    }
    const id = `${controlId(name)}-error`;
    let message = form.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    if (!message) {
      message = h('p', { class: 'field-error', id });
      const legend = wrapper.querySelector(':scope > legend, :scope > label');
      if (legend) legend.after(message);
      else wrapper.prepend(message);
    }
    message.textContent = message.textContent ? `${message.textContent} ${sentence(match[2])}` : sentence(match[2]);
    const targets = wrapper.matches('fieldset')
      ? [wrapper, ...wrapper.querySelectorAll<HTMLElement>(`[name="${CSS.escape(name)}"]`)]
      : [...wrapper.querySelectorAll<HTMLElement>(`[name="${CSS.escape(name)}"]`)];
    for (const target of targets.length ? targets : [wrapper]) {
      target.setAttribute('aria-invalid', 'true');
      const ids = (target.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      if (!ids.includes(id)) target.setAttribute('aria-describedby', [...ids, id].join(' '));
      marked.push(target);
    }
  }
  const first = marked
    .filter((element) => !element.matches('fieldset'))
    .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
  return { unplaced, first };
}

const sentence = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

/** The form's alert: empty and silent until there is something to say. */
export function showAlert(alert: HTMLElement, heading: string, ...body: Array<Node | string>): void {
  fill(alert, h('p', { class: 'alert-heading' }, h('strong', {}, heading)), body);
  alert.hidden = false;
}

export function hideAlert(alert: HTMLElement): void {
  alert.replaceChildren();
  alert.hidden = true;
}
