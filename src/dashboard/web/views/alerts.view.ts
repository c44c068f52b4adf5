/**
 * Alerts raised, newest first, each linked to its opinion or inquiry. GET /alerts comes with the alerts feature; until
 * a server has it (404), the view says so instead of failing.
 */
import type { AlertView, ListPage, LiveEvent } from '../api-types.js';
import { ApiError } from '../api.js';
import { append, fill, h } from '../dom.js';
import { fullDate, label, timestamp } from '../format.js';
import { caseHref, routeHref } from '../router.js';
import type { View } from './view.js';

const RULES: Record<string, string> = {
  'opinion.follow_up_overdue': 'Follow-up overdue',
  'opinion.unimplemented_anniversary': 'Anniversary of an unimplemented opinion',
  'inquiry.unanswered': 'Inquiry unanswered',
  'opinion.conflicting_records': 'Opinion recorded differently in several cases',
};

/** A ledger kept for years raises hundreds of thousands of alerts: the page lists the newest. */
const SHOWN = 500;

type AlertPage = ListPage<AlertView>;

export const isAlertEvent = (event: LiveEvent): boolean => event.stream === 'alerts' || event.type === 'AlertRaised';

export const alertsView: View = async (context) => {
  const { api, root, day, picked } = context;
  const list = h('div');
  let shown: AlertView[] = [];
  /** Where the next older page starts (the server's nextCursor); null when the last page was shown. */
  let next: string | null = null;
  let total = 0;
  const page = async (cursor?: string): Promise<AlertPage | undefined> => {
    try {
      const answer = await api.get<AlertPage>('/alerts', { limit: String(SHOWN), cursor });
      context.seen(answer.checkpoint);
      return answer.body;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        fill(
          list,
          h('p', { class: 'notice', 'data-alerts': 'unavailable' }, 'This server does not report alerts yet.'),
        );
        return undefined;
      }
      throw error;
    }
  };
  const render = () =>
    fill(
      list,
      shown.length === 0
        ? h('p', { 'data-alerts': 'none' }, 'No alert has been raised.')
        : h('ol', { class: 'alerts', reversed: true }, newestFirst(shown).map(alertItem)),
      next !== null && olderNotice(next),
    );
  const olderNotice = (cursor: string) => {
    const older = async () => {
      const answer = await page(cursor);
      if (!answer) return;
      shown = shown.concat(answer.items);
      next = answer.nextCursor;
      render();
    };
    return h(
      'p',
      { class: 'notice', 'data-alerts': 'newest' },
      `The newest ${shown.length} of ${total} alerts are shown. `,
      h('button', { type: 'button', 'data-alerts': 'older', onclick: () => void older() }, `Show ${SHOWN} older`),
    );
  };
  const load = async () => {
    const newest = await page();
    if (!newest) return;
    shown = newest.items;
    next = newest.nextCursor;
    total = newest.total;
    render();
  };
  await load();
  append(root, [
    h('h1', {}, 'Alerts'),
    picked &&
      h(
        'p',
        { class: 'notice' },
        `Alerts are listed as raised: the day picked (${fullDate(day)}) does not filter them.`,
      ),
    list,
  ]);
  return { title: 'Alerts', refresh: load, concerns: isAlertEvent };
};

/** The server lists newest first; sorting again costs nothing and survives a server that does not. */
function newestFirst(alerts: AlertView[]): AlertView[] {
  if (!alerts.every((a) => typeof a.raisedAt === 'string')) return alerts;
  return [...alerts].sort((a, b) => (a.raisedAt! < b.raisedAt! ? 1 : a.raisedAt! > b.raisedAt! ? -1 : 0));
}

function alertItem(alert: AlertView): HTMLLIElement {
  const anniversary = /:(\d+)$/.exec(alert.alertId);
  const rule = RULES[alert.rule] ?? label(alert.rule.replace(/\./g, ' '));
  const links = [
    alert.caseId && ['case ', h('a', { href: caseHref(alert.caseId) }, alert.caseId)],
    alert.opinionId && ['opinion ', h('a', { href: routeHref('opinions', { q: alert.opinionId }) }, alert.opinionId)],
    alert.inquiryId &&
      alert.caseId && [
        'inquiry ',
        h('a', { href: caseHref(alert.caseId, { inquiry: alert.inquiryId }) }, alert.inquiryId),
      ],
  ].filter(Boolean);
  return h(
    'li',
    { class: 'alert', 'data-rule': alert.rule, 'data-alert': alert.alertId },
    h(
      'p',
      { class: 'alert-rule' },
      rule,
      alert.rule === 'opinion.unimplemented_anniversary' && anniversary
        ? ` (${anniversary[1]} ${anniversary[1] === '1' ? 'year' : 'years'})`
        : '',
    ),
    alert.message ? h('p', {}, alert.message) : null,
    h(
      'p',
      { class: 'sub' },
      alert.raisedAt ? `raised ${timestamp(alert.raisedAt)}` : 'raised',
      links.map((link) => [' · ', link]),
    ),
  );
}
