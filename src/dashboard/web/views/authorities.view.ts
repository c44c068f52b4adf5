/** Who has been asked, and who keeps silent: inquiries by the authority they went to. */
import type { AuthorityView } from '../api-types.js';
import { h } from '../dom.js';
import { dayRange, fullDate, partialDate } from '../format.js';
import { caseHref, replaceQuery } from '../router.js';
import { SortableTable } from '../table.js';
import { isCaseEvent, type View } from './view.js';

export const authoritiesView: View = async (context) => {
  const { api, route, root, day } = context;
  const lede = h('p', { class: 'lede' });
  const table = new SortableTable<AuthorityView>({
    caption: `Inquiries by authority as of ${fullDate(day)}`,
    empty: 'No inquiry is recorded.',
    order: { key: route.query.get('sort') ?? 'wait', descending: (route.query.get('dir') ?? 'desc') === 'desc' },
    onSort: (order) => replaceQuery({ sort: order.key, dir: order.descending ? 'desc' : 'asc' }),
    rowAttrs: (a) => ({ 'data-authority': a.authority }),
    columns: [
      {
        key: 'authority',
        label: 'Authority',
        rowHeader: true,
        sort: (a) => a.authority,
        cell: (a) => authorityCell(a),
      },
      { key: 'sent', label: 'Sent', numeric: true, sort: (a) => a.sent, cell: (a) => a.sent },
      { key: 'answered', label: 'Answered', numeric: true, sort: (a) => a.answered, cell: (a) => a.answered },
      { key: 'unanswered', label: 'Unanswered', numeric: true, sort: (a) => a.unanswered, cell: (a) => a.unanswered },
      {
        key: 'wait',
        label: 'Longest wait',
        numeric: true,
        sort: (a) => (a.longestWait ? a.longestWait.max * 100_000 + a.longestWait.min : -1),
        cell: (a) => (a.longestWait ? h('span', { class: 'days' }, dayRange(a.longestWait)) : '—'),
      },
    ],
  });
  const load = async () => {
    const answer = await api.get<AuthorityView[]>('/authorities', { asOf: day });
    context.seen(answer.checkpoint);
    const authorities = answer.body;
    const unanswered = authorities.reduce((n, a) => n + a.unanswered, 0);
    const sent = authorities.reduce((n, a) => n + a.sent, 0);
    lede.textContent =
      `As of ${fullDate(day)}: ${sent} inquiries to ${authorities.length} authorities, ` +
      `${unanswered} without an answer.`;
    table.show(authorities);
  };
  await load();
  root.append(h('h1', {}, 'Authorities'), lede, h('div', { class: 'table-wrap' }, table.element));
  return { title: 'Authorities', refresh: load, concerns: isCaseEvent };
};

function authorityCell(a: AuthorityView) {
  return h(
    'details',
    {},
    h('summary', {}, a.authority),
    h(
      'ul',
      { class: 'inquiries' },
      a.inquiries.map((i) =>
        h(
          'li',
          {},
          h('a', { href: caseHref(i.caseId, { inquiry: i.inquiryId }) }, i.inquiryId),
          ` sent ${partialDate(i.occurredOn)} — `,
          i.answered
            ? `answered ${i.answeredOn ? partialDate(i.answeredOn) : ''}`
            : `no answer${i.daysWaited ? ` after ${dayRange(i.daysWaited)}` : ''}`,
        ),
      ),
    ),
  );
}
