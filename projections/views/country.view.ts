/**
 * Compliance by country, as of a day (GET /countries): the figure advocates quote ("of more than 60 decisions
 * concerning the state, two or three partly implemented").
 */
import type { CaseFile } from '../../domain/case/case-file';
import type { Day } from '../../domain/calendar/calendar-day';
import type { DayRange } from '../../domain/calendar/partial-date';
import { caseAsOf, compareText, unansweredInquiries } from './as-of';
import { opinionViewsOf, type Grade, type OpinionView } from './opinion.view';

export interface CountryView {
  country: string;
  opinions: number;
  implemented: number;
  partiallyImplemented: number;
  notImplemented: number;
  grades: Record<Grade, number>;
  /** Over the calls not implemented: the median of their shortest and of their longest possible days outstanding. */
  medianDaysOutstanding: DayRange | null;
  unansweredInquiries: number;
}

/**
 * One entry per country that has an opened case, by country code. An opinion recorded in cases of two countries counts
 * in both; recorded in two cases of one country, it counts once there.
 */
export function countryViews(files: readonly CaseFile[], asOf: Day): CountryView[] {
  const cases = files.map((file) => caseAsOf(file, asOf));
  const counts = files.filter((file) => file.opened).map((file) => caseCounts(file, asOf));
  return countryViewsFrom(counts, opinionViewsOf(cases, asOf));
}

/** What compliance by country needs of one opened case as of the day. */
export interface CaseCounts {
  country: string;
  unansweredInquiries: number;
}

export const caseCounts = (file: CaseFile, asOf: Day): CaseCounts => ({
  country: file.country,
  unansweredInquiries: unansweredInquiries(file, asOf),
});

/** The same from the opened cases' counts and the opinions as of the day, for callers that keep either made. */
export function countryViewsFrom(cases: readonly CaseCounts[], opinions: readonly OpinionView[]): CountryView[] {
  const byCountry = new Map<string, { view: CountryView; mins: number[]; maxes: number[] }>();
  const entry = (country: string) => {
    let found = byCountry.get(country);
    if (!found) {
      const grades = { A: 0, B: 0, C: 0, D: 0, E: 0 };
      const view: CountryView = {
        country,
        opinions: 0,
        implemented: 0,
        partiallyImplemented: 0,
        notImplemented: 0,
        grades,
        medianDaysOutstanding: null,
        unansweredInquiries: 0,
      };
      found = { view, mins: [], maxes: [] };
      byCountry.set(country, found);
    }
    return found;
  };

  for (const { country, unansweredInquiries } of cases) entry(country).view.unansweredInquiries += unansweredInquiries;
  for (const opinion of opinions) {
    for (const country of opinion.countries) count(entry(country), opinion);
  }

  const views = [...byCountry.values()].map(({ view, mins, maxes }) => ({
    ...view,
    medianDaysOutstanding: mins.length ? { min: median(mins), max: median(maxes) } : null,
  }));
  return views.sort((a, b) => compareText(a.country, b.country));
}

function count(into: { view: CountryView; mins: number[]; maxes: number[] }, opinion: OpinionView): void {
  const { view } = into;
  view.opinions++;
  if (opinion.status === 'implemented') view.implemented++;
  else if (opinion.status === 'partially_implemented') view.partiallyImplemented++;
  else view.notImplemented++;
  view.grades[opinion.grade]++;
  for (const call of opinion.calls) {
    if (!call.daysOutstanding) continue;
    into.mins.push(call.daysOutstanding.min);
    into.maxes.push(call.daysOutstanding.max);
  }
}

/** The usual median: with an even count, halfway between the two middle values. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
