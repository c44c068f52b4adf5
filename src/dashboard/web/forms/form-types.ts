/**
 * The forms as the server describes them (GET /dashboard/forms), derived from the request DTOs' class-validator
 * decorators, the same definitions that validate what the forms send. The page builds every control from these; it
 * knows no event's fields of its own. Types only: the server imports them too.
 */

/** What a case already holds, offered where a field names one of them. */
export type ListName = 'people' | 'opinions' | 'requests' | 'inquiries' | 'facts';

interface Base {
  /** The field's key in its object (`occurredOn`, `kind`); the control's name is the path (`sentence.kind`). */
  key: string;
  required: boolean;
  help?: string;
}

export type FormField =
  | (Base & { kind: 'text'; maxLength?: number; long: boolean; pattern?: string })
  | (Base & { kind: 'date' })
  | (Base & { kind: 'number'; min?: number; max?: number })
  /** One of a fixed set (an enumeration). */
  | (Base & { kind: 'choice'; options: string[] })
  /** Several of a fixed set. */
  | (Base & { kind: 'choices'; options: string[] })
  /** A list of text, one item a line. */
  | (Base & { kind: 'lines'; maxItems?: number })
  /** One of what the case holds. */
  | (Base & { kind: 'pick'; from: ListName })
  /** Several of what the case holds. */
  | (Base & { kind: 'picks'; from: ListName })
  | (Base & { kind: 'group'; fields: FormField[] })
  /** A list of objects (people, sources), a row each. */
  | (Base & { kind: 'rows'; fields: FormField[]; minItems?: number; maxItems?: number });

export interface EventForms {
  /** `POST /cases`: caseId plus CaseOpened's data. */
  openCase: FormField[];
  /** Each event type's `data`, in the domain's order. */
  events: Record<string, FormField[]>;
}

export interface Choice {
  value: string;
  label: string;
}

/** One fact as it stands (corrections applied, retractions gone), for the **Correct** control. */
export interface WorkbenchFact {
  revision: number;
  type: string;
  data: Record<string, unknown>;
  /** The revisions of the corrections that changed it. */
  correctedBy: number[];
  summary: string;
}

export interface SourceRecord {
  url?: string;
  title?: string;
  publisher?: string;
  publishedOn?: string;
}

/** GET /dashboard/cases/{caseId}/workbench: what the forms offer for one case. */
export interface Workbench {
  caseId: string;
  /** The stream's revision: the `expectedRevision` of the next write. */
  revision: number;
  facts: WorkbenchFact[];
  lists: Record<ListName, Choice[]>;
  sources: SourceRecord[];
}

export interface Session {
  role: 'viewer' | 'recorder' | 'auditor' | 'admin' | null;
  name: string | null;
  canRecord: boolean;
}
