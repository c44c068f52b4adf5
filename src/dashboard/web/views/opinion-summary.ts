/**
 * The sentence above the opinions table (the ten-second answer: how many calls are ignored, and the longest wait),
 * over every opinion of the ledger: counted by the server (`total` of one-row pages), never from the page shown.
 */
import type { Api } from '../api.js';
import type { ListPage, OpinionView } from '../api-types.js';
import { dayRange, fullDate } from '../format.js';

export async function opinionSummary(
  api: Api,
  day: string,
  signal?: AbortSignal,
): Promise<{ sentence: string; total: number }> {
  const ask = (query: Record<string, string | string[]>) =>
    api.get<ListPage<OpinionView>>('/opinions', { asOf: day, limit: '1', ...query }, signal).then((a) => a.body);
  const [longest, notImplemented, partially, overdue] = await Promise.all([
    ask({ sort: '-daysOutstanding' }),
    ask({ status: 'not_implemented' }),
    ask({ status: 'partially_implemented' }),
    ask({ overdue: 'true' }),
  ]);
  const all = longest.total;
  if (all === 0) return { sentence: `No UN opinion is recorded as of ${fullDate(day)}.`, total: 0 };
  const implemented = all - notImplemented.total - partially.total;
  const first = longest.items[0];
  const sentence =
    `As of ${fullDate(day)}: ${all} opinion${all === 1 ? '' : 's'} — ` +
    `${notImplemented.total} not implemented, ${partially.total} partially, ${implemented} implemented; ` +
    `${overdue.total} with the follow-up overdue.` +
    (first && first.status !== 'implemented'
      ? ` Longest unimplemented: ${first.opinionId}, ${dayRange(first.daysSinceAdoption)}.`
      : '');
  return { sentence, total: all };
}
