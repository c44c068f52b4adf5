/**
 * Reads what the user typed back into the shape the server expects, walking the same description the controls were
 * built from. Empty optional fields are left out; what cannot be read (letters in a number) is sent as typed, so the
 * server names the field rather than the page guessing.
 */
import type { FormField } from './form-types.js';

type Data = Record<string, unknown>;

export function readFields(root: ParentNode, fields: FormField[], prefix = ''): Data {
  const data: Data = {};
  for (const field of fields) {
    const value = readField(root, field, `${prefix}${field.key}`);
    if (value !== undefined) data[field.key] = value;
  }
  return data;
}

const controls = (root: ParentNode, name: string) =>
  [...root.querySelectorAll<HTMLInputElement>(`[name="${CSS.escape(name)}"]`)].filter(
    (c) => !c.closest('fieldset[disabled]'),
  );

function readField(root: ParentNode, field: FormField, name: string): unknown {
  switch (field.kind) {
    case 'choices':
    case 'picks': {
      const chosen = controls(root, name)
        .filter((c) => c.checked)
        .map((c) => c.value);
      return chosen.length || field.required ? chosen : undefined;
    }
    case 'group': {
      const group = readFields(root, field.fields, `${name}.`);
      return Object.keys(group).length || field.required ? group : undefined;
    }
    case 'rows': {
      const list = root.querySelector(`[data-rows="${CSS.escape(name)}"]`);
      const items = [...(list?.children ?? [])]
        .map((_, i) => readFields(root, field.fields, `${name}[${i}].`))
        .filter((item) => Object.keys(item).length > 0);
      return items.length || field.required ? items : undefined;
    }
    default:
      break;
  }
  const [control] = controls(root, name);
  if (!control) return undefined;
  const typed = control.value.trim();
  if (field.kind === 'lines') {
    const lines = typed
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return lines.length || field.required ? lines : undefined;
  }
  if (typed === '') return undefined;
  if (field.kind === 'number') return /^-?\d+(\.\d+)?$/.test(typed) ? Number(typed) : typed;
  // Long text keeps its inner line breaks and spacing; only the ends are trimmed.
  return field.kind === 'text' && field.long ? control.value.replace(/^\s+|\s+$/g, '') : typed;
}
