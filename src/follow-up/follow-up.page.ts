/**
 * The follow-up submission as one printable page: the document an advocate attaches to a submission to the UN. A4,
 * no app chrome, no script; every statement with its sources as numbered notes. Everything in it is text someone
 * recorded, so every piece of it is escaped.
 */
import type {
  FollowUpFact,
  FollowUpInquiry,
  FollowUpQuestion,
  FollowUpSubmission,
  NumberedSource,
} from '../../projections/follow-up/follow-up';
import { dateInWords, dayInWords, daysInWords, dueInWords } from '../../projections/follow-up/follow-up.words';
import { FOLLOW_UP_STYLE } from './follow-up.style';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values alike: nothing recorded can open a tag or leave an attribute. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const MECHANISMS: Record<string, string> = {
  WGAD: 'UN Working Group on Arbitrary Detention',
  CCPR: 'UN Human Rights Committee',
  CAT: 'UN Committee against Torture',
  CEDAW: 'UN Committee on the Elimination of Discrimination against Women',
  CERD: 'UN Committee on the Elimination of Racial Discrimination',
  CRC: 'UN Committee on the Rights of the Child',
  CED: 'UN Committee on Enforced Disappearances',
  CESCR: 'UN Committee on Economic, Social and Cultural Rights',
  CRPD: 'UN Committee on the Rights of Persons with Disabilities',
  CMW: 'UN Committee on Migrant Workers',
};
const LETTERS = ['a', 'b', 'c', 'd', 'e'];
const words = (code: string) => code.replace(/_/g, ' ');

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** `[1][4]`, each a link to its note. */
function cite(numbers: readonly number[]): string {
  return numbers.map((n) => `<a class="cite" href="#note-${n}">[${n}]</a>`).join('');
}

export function followUpPage(doc: FollowUpSubmission, checkpoint?: string): string {
  const asOf = dayInWords(doc.asOf);
  const title = `Follow-up to ${doc.opinionId} as of ${asOf}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${FOLLOW_UP_STYLE}</style>
</head>
<body>
<main>
<header>
<p class="kicker">Follow-up information on the implementation of an opinion</p>
<h1>Opinion ${escapeHtml(doc.opinionId)}</h1>
${facts(doc, asOf)}
</header>
<section aria-labelledby="derived-heading">
<h2 id="derived-heading">What the ledger derived</h2>
<p>Status as of ${escapeHtml(asOf)}: <strong>${escapeHtml(words(doc.status))}</strong>. Grade ${escapeHtml(doc.gradeReason)}</p>
${conflictsNote(doc)}<p class="method">Every statement below comes from facts recorded in Compliance Ledger with their sources, counted as of
${escapeHtml(asOf)}: a fact counts when it certainly happened by that day. Dates are given as the sources give them (a
month stays a month; “some day between” marks a span the sources leave open), and day counts that those dates leave open
are given as ranges. Where nothing was recorded, the page says so; nothing is filled in.</p>
</section>
${peopleTable(doc, asOf)}
${doc.questions.map((q, i) => questionSection(q, LETTERS[i])).join('\n')}
${inquiriesSection(doc.inquiries, asOf)}
${notesSection(doc.sources)}
<footer><p>Derived by Compliance Ledger from the recorded events${checkpoint ? ` (store checkpoint ${escapeHtml(checkpoint)})` : ''}; the same answer in JSON: <code>GET /opinions/${escapeHtml(encodeURIComponent(doc.opinionId))}/follow-up?asOf=${escapeHtml(doc.asOf)}</code>.</p></footer>
</main>
</body>
</html>
`;
}

function facts(doc: FollowUpSubmission, asOf: string): string {
  const rows: Array<[string, string]> = [
    ['Mechanism', escapeHtml(MECHANISMS[doc.mechanism] ?? doc.mechanism)],
    ['State', escapeHtml(doc.countries.map(countryName).join(', '))],
    ['Adopted', `${escapeHtml(dateInWords(doc.adoptedOn))} ${cite(doc.adoptionSources)}`],
    ...(doc.transmittedOn ? [['Transmitted', escapeHtml(dateInWords(doc.transmittedOn))] as [string, string]] : []),
    [
      'Follow-up due',
      `${escapeHtml(dueInWords(doc.followUpDueOn))}${doc.followUpOverdue ? ' <strong>(overdue)</strong>' : ''}`,
    ],
    ['Since adoption', escapeHtml(daysInWords(doc.daysSinceAdoption))],
    ['As of', escapeHtml(asOf)],
    ['Case', escapeHtml(doc.caseIds.join(', '))],
    ['Status', escapeHtml(words(doc.status))],
    ['Grade', `<strong>${escapeHtml(doc.grade)}</strong>`],
  ];
  return `<dl class="facts">${rows.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
}

/** The cases disagree on a fact about the opinion itself: the reader must know before quoting its figures. */
function conflictsNote(doc: FollowUpSubmission): string {
  if (doc.conflicts.length === 0) return '';
  const each = doc.conflicts.map(
    (c) => `${c.field}: ${c.values.map((v) => `${String(v.value)} (case ${v.caseIds.join(', ')})`).join('; ')}`,
  );
  return `<p class="conflicts" role="note"><strong>The cases record this opinion differently</strong>, and the figures use the first case's: ${escapeHtml(each.join('. '))}.</p>\n`;
}

function peopleTable(doc: FollowUpSubmission, asOf: string): string {
  const rows = doc.people
    .map((p) => `<tr><th scope="row">${escapeHtml(p.name)}</th><td>${escapeHtml(words(p.custody))}</td></tr>`)
    .join('');
  return `<section aria-labelledby="people-heading">
<h2 id="people-heading">People the opinion covers</h2>
<table><caption>Custody as of ${escapeHtml(asOf)}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Custody</th></tr></thead>
<tbody>${rows || '<tr><td colspan="2">No one recorded.</td></tr>'}</tbody></table>
</section>`;
}

function questionSection(q: FollowUpQuestion, letter: string): string {
  const status = q.status === null ? 'not asked by the opinion' : words(q.status);
  const calls = q.calls.length ? ` (calls: ${q.calls.map((c) => words(c.call)).join(', ')})` : '';
  // A question the opinion did not ask has nothing to derive, except under "other" (transfers, replies, silence).
  const saying = q.status === null && q.key !== 'other' ? '' : ` ${escapeHtml(q.summary)}`;
  return `<section class="question" data-question="${q.key}" aria-labelledby="q-${q.key}">
<h2 id="q-${q.key}">(${letter}) ${escapeHtml(HEADINGS[q.key])}</h2>
<p class="asked">${escapeHtml(q.question)}</p>
<p><span class="status">Status: ${escapeHtml(status)}${escapeHtml(calls)}.</span>${saying}</p>
${factsTable(q.facts)}
</section>`;
}

const HEADINGS: Record<FollowUpQuestion['key'], string> = {
  release: 'Release',
  compensation: 'Compensation and other reparation',
  investigation: 'Investigation and accountability',
  legislation: 'Laws and practice',
  other: 'Other action',
};

function factsTable(facts: FollowUpFact[]): string {
  if (facts.length === 0) return '<p class="none">No information recorded.</p>';
  const rows = facts
    .map(
      (f) =>
        `<tr><td class="date">${escapeHtml(dateInWords(f.occurredOn))}</td><td>${escapeHtml(f.text)}</td><td class="src">${cite(f.sources) || 'none recorded'}</td></tr>`,
    )
    .join('');
  return `<table class="facts-table"><thead><tr><th scope="col">Date</th><th scope="col">Fact</th><th scope="col">Sources</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function inquiriesSection(inquiries: FollowUpInquiry[], asOf: string): string {
  const rows = inquiries
    .map((i) => {
      const answer = i.answered
        ? `answered${i.answeredOn ? ` ${escapeHtml(dateInWords(i.answeredOn))}` : ''}${i.response ? `: ${escapeHtml(i.response)}` : ''}`
        : `no answer recorded; waited ${escapeHtml(daysInWords(i.daysWaited ?? { min: 0, max: 0 }))}`;
      return `<tr data-inquiry="${escapeHtml(i.inquiryId)}"><th scope="row">${escapeHtml(i.to)}</th><td>${escapeHtml(words(i.channel))}</td><td class="date">${escapeHtml(dateInWords(i.sentOn))}</td><td>${answer}</td><td class="src">${cite(i.sources) || 'none recorded'}</td></tr>`;
    })
    .join('');
  const body = inquiries.length
    ? `<table><caption>Inquiries and their answers as of ${escapeHtml(asOf)}</caption><thead><tr><th scope="col">To</th><th scope="col">How</th><th scope="col">Sent</th><th scope="col">Answer</th><th scope="col">Sources</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="none">No information recorded.</p>';
  return `<section aria-labelledby="inquiries-heading"><h2 id="inquiries-heading">Inquiries to the authorities</h2>${body}</section>`;
}

/** Only web addresses become links: a recorded `javascript:` URL stays inert text. */
const link = (url: string): string =>
  /^https?:\/\//i.test(url)
    ? `<a class="url" href="${escapeHtml(url)}">${escapeHtml(url)}</a>`
    : `<span class="url">${escapeHtml(url)}</span>`;

function notesSection(sources: NumberedSource[]): string {
  const items = sources
    .map((s) => {
      const parts = [
        s.title ? `“${escapeHtml(s.title)}”` : '',
        s.publisher ? escapeHtml(s.publisher) : '',
        s.publishedOn ? escapeHtml(dateInWords(s.publishedOn)) : '',
        s.url ? link(s.url) : '',
      ].filter(Boolean);
      return `<li id="note-${s.n}" value="${s.n}">${parts.join(', ')}</li>`;
    })
    .join('');
  return `<section class="notes" aria-labelledby="notes-heading"><h2 id="notes-heading">Sources</h2>${
    items ? `<ol>${items}</ol>` : '<p class="none">No source recorded.</p>'
  }</section>`;
}
