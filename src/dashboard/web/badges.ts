/** Status badges: the word says it, the colour and the symbol only repeat it. */
import type { Custody, ImplementationStatus } from './api-types.js';
import { h } from './dom.js';
import { label } from './format.js';

const SYMBOL: Record<ImplementationStatus, string> = {
  not_implemented: '\u2715',
  partially_implemented: '\u25D0',
  implemented: '\u2713',
};

export function statusBadge(status: ImplementationStatus, call?: string): HTMLElement {
  return h(
    'span',
    { class: `badge status-${status}`, 'data-status': status, 'data-call': call },
    h('span', { class: 'badge-symbol', 'aria-hidden': 'true' }, SYMBOL[status]),
    ' ',
    call ? h('span', { class: 'badge-call' }, `${label(call)}: `) : null,
    label(status),
  );
}

export const custodyBadge = (custody: Custody): HTMLElement =>
  h('span', { class: `custody custody-text-${custody}`, 'data-custody': custody }, label(custody));

const GRADE_MEANING: Record<string, string> = {
  A: 'implemented',
  B: 'partially implemented',
  C: 'not implemented, follow-up not yet due or the state replied',
  D: 'not implemented and the follow-up is overdue',
  E: 'measures contrary to the opinion since its adoption',
};

/** The Human Rights Committee's A–E follow-up grade, with its meaning on hover and for screen readers. */
export const gradeBadge = (grade: string): HTMLElement =>
  h(
    'span',
    { class: `grade grade-${grade}`, title: GRADE_MEANING[grade] ?? '' },
    `Grade ${grade}`,
    h('span', { class: 'visually-hidden' }, `: ${GRADE_MEANING[grade] ?? ''}`),
  );
