import { generateCases } from '../../bench/dataset/domain-events';
import { dayFromIso } from '../../domain/calendar/calendar-day';
import { authorityViews } from '../views/authority.view';
import { exampleFiles, fold } from '../views/case-files.fixture';
import { caseSummary } from '../views/case.view';
import { countryViews } from '../views/country.view';
import { opinionView, opinionViews } from '../views/opinion.view';
import type { CaseFile } from '../../domain/case/case-file';
import { summarizeCaseFile } from './case-file.summary';

/** Generated cases of every shape (bench/dataset), and the worked example. */
const files: CaseFile[] = [
  ...exampleFiles(),
  ...[...generateCases({ seed: 11, cases: 400, events: 400 * 30, today: '2025-06-30' })].map((c) =>
    fold(c.caseId, c.events),
  ),
];
const summaries = files.map(summarizeCaseFile);
const days = ['2013-01-01', '2019-06-15', '2022-12-31', '2023-09-26', '2025-06-30'].map(dayFromIso);

describe('case file summaries', () => {
  it.each(days)('give every list view the same answer as whole case files, as of day %i', (asOf) => {
    expect(opinionViews(summaries, asOf)).toEqual(opinionViews(files, asOf));
    expect(authorityViews(summaries, asOf)).toEqual(authorityViews(files, asOf));
    expect(countryViews(summaries, asOf)).toEqual(countryViews(files, asOf));
    expect(summaries.map((s) => caseSummary(s, asOf))).toEqual(files.map((f) => caseSummary(f, asOf)));
    const ids = [...new Set(files.flatMap((f) => f.opinions.map((o) => o.opinionId)))].slice(0, 50);
    for (const id of ids) expect(opinionView(id, summaries, asOf)).toEqual(opinionView(id, files, asOf));
  });

  it('give the case list the same answer without a day', () => {
    expect(summaries.map((s) => caseSummary(s))).toEqual(files.map((f) => caseSummary(f)));
  });

  it('are much smaller than the case files, and a summary of a summary is the summary', () => {
    const size = (list: CaseFile[]) => JSON.stringify(list).length;
    expect(size(summaries)).toBeLessThan(size(files) * 0.6);
    expect(summaries.map(summarizeCaseFile)).toEqual(summaries);
  });
});
