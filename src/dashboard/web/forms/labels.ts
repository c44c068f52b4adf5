/**
 * Words for the fields the server describes. Only words: which fields an event has, and their rules, come from the
 * server (form-types.ts); a field with no entry here is named from its key ("followUpMonths" → "Follow up months").
 */

const LABELS: Record<string, string> = {
  caseId: 'Case id',
  personId: 'Person',
  personIds: 'People',
  opinionId: 'UN opinion',
  requestId: 'Release request',
  inquiryId: 'Inquiry',
  occurredOn: 'When',
  transmittedOn: 'Transmitted to the state',
  followUpMonths: 'Follow-up due after (months)',
  subjects: 'People',
  sources: 'Sources',
  publishedOn: 'Published',
  url: 'URL',
  note: 'Note',
  months: 'Months',
  kind: 'Kind',
  addressedTo: 'Addressed to',
  requestedBy: 'Requested by',
  decidedBy: 'Decided by',
  to: 'To (authority)',
  revision: 'Fact to correct',
  reason: 'Reason for the correction',
};

/** What one row of a list is called, for its **Add …** button and its heading. */
const ROW_NAMES: Record<string, string> = { subjects: 'person', sources: 'source' };

const HELP: Record<string, string> = {
  occurredOn: 'As the source gives it: 2023-09-26, 2018-10, 2019, or an interval 2019-08/2023-09-26.',
  publishedOn: 'As the source gives it: 2023-09-26, 2023-09 or 2023.',
  transmittedOn: 'As the source gives it: 2021-10-05, 2021-10 or 2021.',
  caseId: 'Lower-case letters, digits and hyphens, e.g. kz-whatsapp-group-2018. It names the case for good.',
  personId: 'Lower-case letters, digits and hyphens, e.g. beket-mynbasov.',
  charges: 'One charge a line.',
};

/** Where an id is typed rather than chosen, the label says it is an id. */
const TYPED_LABELS: Record<string, string> = {
  personId: 'Person id',
  opinionId: 'UN opinion symbol',
  requestId: 'Request id',
  inquiryId: 'Inquiry id',
};

export function fieldLabel(key: string, kind?: string): string {
  if (kind === 'text' && TYPED_LABELS[key]) return TYPED_LABELS[key];
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words[0].toUpperCase() + words.slice(1);
}

export const rowName = (key: string): string => ROW_NAMES[key] ?? 'item';

export const fieldHelp = (key: string, fromServer?: string): string | undefined => HELP[key] ?? fromServer;

/** "not_implemented" → "not implemented"; "PersonArrested" → "Person arrested". */
export function optionLabel(value: string): string {
  const words = value
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return /^[A-Z]{2,}$/.test(value) ? value : words[0].toUpperCase() + words.slice(1);
}
