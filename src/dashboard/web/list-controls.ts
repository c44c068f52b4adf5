/** The filter controls of the list views: labelled selects and fields, built the same way in each. */
import { h } from './dom.js';

export function select(
  id: string,
  all: string,
  options: Array<[string, string]>,
  value: string | null,
): HTMLSelectElement {
  const element = h('select', { id, 'data-all': all });
  setOptions(element, options, value ?? '');
  return element;
}

/** Keeps the choice when the list of options changes under it (a live update may add a state). */
export function setOptions(element: HTMLSelectElement, options: Array<[string, string]>, value = element.value): void {
  const all = element.getAttribute('data-all') ?? 'All';
  const known = options.some(([v]) => v === value);
  element.replaceChildren(
    h('option', { value: '' }, all),
    ...options.map(([v, text]) => h('option', { value: v }, text)),
    ...(value && !known ? [h('option', { value }, value)] : []),
  );
  element.value = value;
}

export const field = (id: string, text: string, control: HTMLElement) =>
  h('div', { class: 'field' }, h('label', { for: id }, text), control);

export const searchBox = (id: string, value: string | null) =>
  h('input', { type: 'search', id, value: value ?? '', autocomplete: 'off' });

/** How long a burst of keystrokes is gathered into one question to the server (the first one goes at once). */
export const TYPING_PAUSE_MS = 150;

/** Rows a list view asks for at a time. */
export const PAGE_SIZE = 50;
