/**
 * What the ledger derived for each question, in one sentence: the status the projection gives, the day counts as
 * ranges, and for a fact nobody recorded, "no … is recorded", never a guess.
 */
import type { Custody } from '../../domain/case/custody';
import type { Day } from '../../domain/calendar/calendar-day';
import { isoFromDay } from '../../domain/calendar/calendar-day';
import type { CaseAsOf } from '../views/as-of';
import type { ImplementationStatus, OpinionView } from '../views/opinion.view';
import type { FollowUpQuestion } from './follow-up.types';
import { dateInWords, dayInWords, daysInWords, dueInWords, listInWords, peopleInWords } from './follow-up.words';

type Question = Omit<FollowUpQuestion, 'summary'>;

const STATUS: Record<ImplementationStatus, string> = {
  not_implemented: 'Not implemented',
  partially_implemented: 'Partially implemented',
  implemented: 'Implemented',
};
const CUSTODY: ReadonlyArray<[Custody, string]> = [
  ['imprisoned', 'imprisoned'],
  ['restricted_freedom', 'under restricted freedom'],
  ['detained', 'detained without a conviction'],
  ['released', 'released'],
  ['at_liberty', 'at liberty'],
];
const NOT_RECORDED: Record<Exclude<FollowUpQuestion['key'], 'release' | 'other'>, string> = {
  compensation: 'No compensation or other reparation is recorded',
  investigation: 'No investigation of the violation and no measure against those responsible is recorded',
  legislation: 'No change of law or practice is recorded',
};

export function summaryOf(question: Question, view: OpinionView, states: readonly CaseAsOf[], asOf: Day): string {
  const day = dayInWords(isoFromDay(asOf));
  if (question.key === 'release') return [statusOf(question), custodyOf(view, day)].join(' ');
  if (question.key === 'other') return otherOf(question, view, states, day);
  if (!question.asked) return 'Not asked: the opinion made no such call.';
  const found = question.facts.length
    ? `${question.facts.length} ${question.facts.length === 1 ? 'measure is' : 'measures are'} recorded (below).`
    : `${NOT_RECORDED[question.key]} as of ${day}.`;
  return `${statusOf(question)} ${found}`;
}

/** "Not implemented for 726–755 days since adoption.", "Implemented (September 2022)." */
function statusOf(question: Question): string {
  if (question.status === null) return 'Not asked.';
  const waits = question.calls.map((c) => c.daysOutstanding).filter((d) => d !== undefined);
  if (question.status !== 'implemented' && waits.length) {
    const longest = { min: Math.max(...waits.map((d) => d.min)), max: Math.max(...waits.map((d) => d.max)) };
    return `${STATUS[question.status]}, ${daysInWords(longest)} after the opinion was adopted.`;
  }
  const done = question.calls.map((c) => c.implementedOn).filter((d) => d !== undefined);
  return `${STATUS[question.status]}${done.length === 1 ? ` (${dateInWords(done[0])})` : ''}.`;
}

/** "As of 26 September 2023, of the 9 people it covers: 3 imprisoned (…); 6 under restricted freedom (…); none released." */
function custodyOf(view: OpinionView, day: string): string {
  const parts = CUSTODY.filter(([custody]) => view.custody[custody] > 0).map(([custody, words]) => {
    const names = view.people.filter((p) => p.custody === custody).map((p) => p.name);
    return `${view.custody[custody]} ${words} (${listInWords(names)})`;
  });
  if (view.custody.released === 0) parts.push('none released');
  return `As of ${day}, of the ${peopleInWords(view.people.length)} the opinion covers: ${parts.join('; ')}.`;
}

function otherOf(question: Question, view: OpinionView, states: readonly CaseAsOf[], day: string): string {
  const sentences = [question.asked ? statusOf(question) : 'The opinion made no other call.'];
  const transfers = question.facts.filter((f) => f.kind === 'transferred').length;
  if (transfers) {
    sentences.push(
      `${transfers} ${transfers === 1 ? 'transfer' : 'transfers'} from prison to restricted freedom recorded; a transfer is not a release: the sentence goes on.`,
    );
  }
  const denied = question.facts.filter((f) => f.kind === 'release_decided' && / was denied/.test(f.text)).length;
  const requests = question.facts.filter((f) => f.kind === 'release_requested').length;
  if (requests)
    sentences.push(`${requests} release ${requests === 1 ? 'request' : 'requests'} recorded, ${denied} denied.`);
  const replied = states.some((s) => s.replied.has(view.opinionId));
  sentences.push(
    replied
      ? 'The state’s follow-up reply is recorded (below).'
      : `No follow-up reply from the state is recorded as of ${day}; it was due ${dueInWords(view.followUpDueOn)}${view.followUpOverdue ? ' and is overdue' : ''}.`,
  );
  return sentences.join(' ');
}

/** Why the grade, in the words of its rule (modelled on the Human Rights Committee's A–E follow-up assessment). */
export function gradeReason(view: OpinionView): string {
  switch (view.grade) {
    case 'A':
      return 'A: every call of the opinion is implemented.';
    case 'E':
      return 'E: measures contrary to the opinion since its adoption (a covered person’s release request denied, convicted again, or arrested again after a release), and it is not implemented.';
    case 'B':
      return 'B: partially implemented.';
    case 'D':
      return `D: the follow-up reply was due ${dueInWords(view.followUpDueOn)} and none from the state is recorded; nothing is implemented.`;
    case 'C':
      return 'C: nothing is implemented, and the state has replied or its follow-up reply is not yet due.';
  }
}
