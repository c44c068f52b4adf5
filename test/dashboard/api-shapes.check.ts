/**
 * Type-level check, run by `npm run typecheck`: every answer the server's views give fits the shape the dashboard
 * reads (src/dashboard/web/api-types.ts). The dashboard compiles alone for the browser and cannot import the
 * server's types; this file is where a renamed or dropped field breaks the build instead of the page.
 */
import type * as Dashboard from '../../src/dashboard/web/api-types';
import type { DashboardMeta } from '../../src/dashboard/dashboard.controller';
import type { LiveEvent } from '../../src/dashboard/live-feed';
import type { AlertView } from '../../projections/alerts/alerts.projection';
import type { AuthorityView } from '../../projections/views/authority.view';
import type { CaseSummary, CaseView } from '../../projections/views/case.view';
import type { CountryView } from '../../projections/views/country.view';
import type { OpinionView } from '../../projections/views/opinion.view';
import type { ListPage } from '../../src/read-side/lists/list-answer';

type Fits<Server extends Client, Client> = [Server, Client];

export type ApiShapes = [
  Fits<OpinionView, Dashboard.OpinionView>,
  Fits<CaseSummary, Dashboard.CaseSummary>,
  Fits<CaseView, Dashboard.CaseView>,
  Fits<AuthorityView, Dashboard.AuthorityView>,
  Fits<CountryView, Dashboard.CountryView>,
  Fits<DashboardMeta, Dashboard.DashboardMeta>,
  Fits<LiveEvent, Dashboard.LiveEvent>,
  Fits<AlertView, Dashboard.AlertView>,
  Fits<ListPage<OpinionView>, Dashboard.ListPage<Dashboard.OpinionView>>,
];
