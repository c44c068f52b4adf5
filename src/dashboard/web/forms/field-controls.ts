/**
 * Controls built from the server's description of a form (form-types.ts): one labelled control per field, named by
 * its path in `data` (`occurredOn`, `sentence.kind`, `sources[0].url`), so that what the server refuses can be shown
 * beside the control it came from.
 */
import { h, type Child } from '../dom.js';
import { countryName } from '../format.js';
import type { Choice, FormField, ListName, SourceRecord } from './form-types.js';
import { fieldHelp, fieldLabel, optionLabel, rowName } from './labels.js';
import { readPartialDate } from './partial-date-reading.js';

/** What the case already holds, offered in the controls that name one of its things. */
export interface Holdings {
  lists: Record<ListName, Choice[]>;
  sources: SourceRecord[];
}

type Value = Record<string, unknown> | undefined;

/** A control's id from its name: `sources[0].url` → `f-sources-0-url`. */
export const controlId = (name: string): string => `f-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;

export function renderFields(fields: FormField[], prefix: string, value: Value, holdings: Holdings): HTMLElement[] {
  return fields.map((field) => renderField(field, `${prefix}${field.key}`, value?.[field.key], holdings));
}

function renderField(field: FormField, name: string, value: unknown, holdings: Holdings): HTMLElement {
  const id = controlId(name);
  // How to type an id is no help where it is chosen from a list.
  const help = field.kind === 'pick' ? field.help : fieldHelp(field.key, field.help);
  const describedBy = help ? `${id}-help` : undefined;
  const common = { id, name, 'aria-describedby': describedBy, required: field.required };
  const labelled = (control: HTMLElement, ...after: Child[]) =>
    h(
      'div',
      { class: 'field', 'data-field': name },
      h(
        'label',
        { for: id },
        fieldLabel(field.key, field.kind),
        field.required ? h('span', { class: 'req' }, ' (required)') : '',
      ),
      help ? h('p', { class: 'help', id: `${id}-help` }, help) : null,
      control,
      after,
    );
  switch (field.kind) {
    case 'text':
      if (field.key === 'country') return labelled(countrySelect(common, text(value)));
      return labelled(
        field.long
          ? h('textarea', { ...common, rows: 4, maxlength: field.maxLength }, text(value))
          : h('input', { ...common, type: 'text', value: text(value), maxlength: field.maxLength, spellcheck: false }),
      );
    case 'date': {
      const reading = h('p', { class: 'reading', id: `${id}-reading`, 'aria-live': 'polite' });
      const input = h('input', {
        ...common,
        type: 'text',
        value: text(value),
        autocomplete: 'off',
        spellcheck: false,
        'aria-describedby': [describedBy, `${id}-reading`].filter(Boolean).join(' '),
      });
      const read = () => {
        const result = readPartialDate(input.value);
        reading.textContent = input.value.trim() === '' ? '' : result.text;
        reading.classList.toggle('unreadable', !result.ok);
      };
      input.addEventListener('input', read);
      read();
      return labelled(input, reading);
    }
    case 'number':
      return labelled(
        h('input', {
          ...common,
          type: 'number',
          inputmode: 'numeric',
          min: field.min,
          max: field.max,
          value: text(value),
        }),
      );
    case 'choice':
      return labelled(
        select(
          common,
          field.options.map((o) => ({ value: o, label: optionLabel(o) })),
          text(value),
        ),
      );
    case 'pick':
      return labelled(select(common, holdings.lists[field.from], text(value)));
    case 'lines':
      return labelled(h('textarea', { ...common, rows: 3 }, Array.isArray(value) ? value.join('\n') : ''));
    case 'choices':
      return checkboxGroup(
        field,
        name,
        field.options.map((o) => ({ value: o, label: optionLabel(o) })),
        value,
        help,
      );
    case 'picks':
      return checkboxGroup(field, name, holdings.lists[field.from], value, help);
    case 'group':
      return h(
        'fieldset',
        { class: 'group', 'data-field': name },
        h('legend', {}, fieldLabel(field.key)),
        renderFields(field.fields, `${name}.`, value as Value, holdings),
      );
    case 'rows':
      return rows(field, name, Array.isArray(value) ? (value as Value[]) : [], holdings);
  }
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function select(attrs: Record<string, unknown>, options: Choice[], value: string): HTMLSelectElement {
  const known = options.some((o) => o.value === value);
  return h(
    'select',
    attrs as Record<string, string>,
    h('option', { value: '' }, 'Choose…'),
    // A value the lists no longer hold (a fact being corrected) is still shown, not silently dropped.
    value && !known ? h('option', { value, selected: true }, value) : null,
    options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)),
  );
}

let regions: Choice[] | undefined;

/** Every region the browser can name, by name: a recorder picks "Kazakhstan", the case stores KZ. */
function countrySelect(attrs: Record<string, unknown>, value: string): HTMLSelectElement {
  regions ??= allRegions();
  return select(attrs, regions, value);
}

function allRegions(): Choice[] {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const codes = [...letters].flatMap((a) => [...letters].map((b) => a + b));
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  return codes
    .map((code) => ({ value: code, label: names.of(code) ?? '' }))
    .filter((c) => c.label && c.label !== countryName('ZZ') && !['EU', 'EZ', 'UN', 'QO'].includes(c.value))
    .sort((a, b) => a.label.localeCompare(b.label));
}

function checkboxGroup(field: FormField, name: string, options: Choice[], value: unknown, help?: string): HTMLElement {
  const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
  const id = controlId(name);
  return h(
    'fieldset',
    { class: 'field checks', 'data-field': name, id, 'aria-describedby': help ? `${id}-help` : undefined },
    h('legend', {}, fieldLabel(field.key), field.required ? h('span', { class: 'req' }, ' (required)') : ''),
    help ? h('p', { class: 'help', id: `${id}-help` }, help) : null,
    options.length === 0 ? h('p', { class: 'help' }, 'Nothing recorded in this case to choose from yet.') : null,
    options.map((o, i) =>
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', name, value: o.value, id: `${id}-${i}`, checked: chosen.has(o.value) }),
        ` ${o.label}`,
      ),
    ),
  );
}

/** A list of objects, a fieldset each, with **Add …** and **Remove**; sources also offer the case's earlier ones. */
function rows(
  field: Extract<FormField, { kind: 'rows' }>,
  name: string,
  values: Value[],
  holdings: Holdings,
): HTMLElement {
  const noun = rowName(field.key);
  const list = h('div', { class: 'rows', 'data-rows': name });
  const start = values.length ? values : Array.from({ length: field.minItems ?? 0 }, () => undefined);
  const addRow = (value: Value) => {
    const i = list.children.length;
    const row = h(
      'fieldset',
      { class: 'row', 'data-row': String(i) },
      h('legend', {}, `${optionLabel(noun)} ${i + 1}`),
      renderFields(field.fields, `${name}[${i}].`, value, holdings),
      h(
        'button',
        { type: 'button', class: 'remove', onclick: () => removeRow(list, row, name) },
        `Remove ${noun} ${i + 1}`,
      ),
    );
    list.append(row);
    return row;
  };
  start.forEach(addRow);
  const add = h('button', { type: 'button', class: 'add' }, `Add ${noun}`);
  add.addEventListener('click', () => addRow(undefined).querySelector<HTMLElement>('input, select, textarea')?.focus());
  const earlier = field.key === 'sources' && holdings.sources.length ? earlierSources(holdings.sources, addRow) : null;
  return h(
    'fieldset',
    { class: 'field list', 'data-field': name },
    h('legend', {}, fieldLabel(field.key)),
    list,
    earlier,
    add,
  );
}

/** Removing row i renames the rows after it, so the names stay `sources[0]`, `sources[1]`, … with no gap. */
function removeRow(list: HTMLElement, row: HTMLElement, name: string): void {
  const next = row.nextElementSibling ?? row.previousElementSibling;
  row.remove();
  [...list.children].forEach((element, i) => {
    const old = element.getAttribute('data-row');
    element.setAttribute('data-row', String(i));
    const from = `${name}[${old}]`;
    const to = `${name}[${i}]`;
    for (const control of element.querySelectorAll<HTMLElement>(
      '[name], [id], [for], [data-field], [aria-describedby]',
    )) {
      for (const attr of ['name', 'data-field']) {
        const v = control.getAttribute(attr);
        if (v?.startsWith(from)) control.setAttribute(attr, to + v.slice(from.length));
      }
      for (const attr of ['id', 'for', 'aria-describedby']) {
        const v = control.getAttribute(attr);
        if (v) control.setAttribute(attr, v.split(controlId(from)).join(controlId(to)));
      }
    }
    const legend = element.querySelector('legend');
    if (legend) legend.textContent = legend.textContent!.replace(/\d+$/, String(i + 1));
    const remove = element.querySelector('button.remove');
    if (remove) remove.textContent = remove.textContent!.replace(/\d+$/, String(i + 1));
  });
  (
    next?.querySelector<HTMLElement>('input, select, textarea') ??
    list.parentElement?.querySelector<HTMLElement>('button.add')
  )?.focus();
}

function earlierSources(sources: SourceRecord[], addRow: (value: Value) => HTMLElement): HTMLElement {
  const id = `earlier-${Math.random().toString(36).slice(2, 8)}`;
  const choice = h(
    'select',
    { id },
    h('option', { value: '' }, 'Choose a source cited before…'),
    sources.map((s, i) => h('option', { value: String(i) }, sourceLabel(s))),
  );
  const cite = h('button', { type: 'button' }, 'Cite it');
  cite.addEventListener('click', () => {
    const source = sources[Number(choice.value)];
    if (choice.value === '' || !source) return;
    addRow({ ...source })
      .querySelector<HTMLElement>('input')
      ?.focus();
    choice.value = '';
  });
  return h('div', { class: 'earlier' }, h('label', { for: id }, 'Cite again'), choice, cite);
}

const sourceLabel = (s: SourceRecord): string =>
  [s.title ?? s.url ?? 'Untitled', s.publisher, s.publishedOn].filter(Boolean).join(' · ');
