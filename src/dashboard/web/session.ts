/**
 * Who the key in use belongs to: the page shows the role, and write controls only to roles that may write. The
 * server decides (GET /dashboard/session); hiding a control is a courtesy, never the protection.
 */
import type { Api } from './api.js';
import type { EventForms, Session } from './forms/form-types.js';

const ANONYMOUS: Session = { role: null, name: null, canRecord: false };

let current: Session = ANONYMOUS;
let forms: Promise<EventForms> | undefined;

export const session = (): Session => current;

export async function loadSession(api: Api): Promise<Session> {
  if (!api.key) return (current = ANONYMOUS);
  try {
    current = (await api.get<Session>('/dashboard/session')).body;
  } catch {
    current = ANONYMOUS; // a key the server refuses writes nothing; the views ask for another one
  }
  return current;
}

/** The forms' description, read once: it changes only with the server's code. */
export function eventForms(api: Api): Promise<EventForms> {
  forms ??= api.get<EventForms>('/dashboard/forms').then((answer) => answer.body);
  forms.catch(() => (forms = undefined));
  return forms;
}
