// The dashboard's requests, kept apart from the charts (Recharts) so that the app's entry can start them while the
// dashboard's chunk is still loading (prefetchDashboard): the page then renders with its data already on the way.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page, Scan } from '../../api/types';
import type { Permission } from '../../auth/permissions';
import { assetKeys, type Asset } from '../assets/types';
import { DEFAULT_WEEKS, WEEK_CHOICES, type FindingsSummary, type ScanGrades } from './types';

export const TOP_ASSETS = 8;

export const summaryKey = (weeks: number) => ['findings', 'summary', weeks] as const;
/** Under ['scans']: a scan's state change (ScanTable invalidates ['scans']) refreshes the distribution. */
export const GRADES_KEY = ['scans', 'grades'] as const;
/** Under ['assets']: an asset edit (criticality changes the score) refreshes the ranking. */
export const RISKIEST_KEY = [...assetKeys.top, TOP_ASSETS] as const;
export const LATEST_SCANS_KEY = ['scans', 'latest'] as const;

/** GET /api/v1/assets/riskiest (operation riskiestAssets): highest risk first, assets scoring 0 left out. */
export interface RiskiestAssets {
  items: Asset[];
}

export const summaryQuery = (weeks: number) =>
  queryOptions({
    queryKey: summaryKey(weeks),
    queryFn: () => api.get<FindingsSummary>('/api/v1/findings/summary', { query: { weeks } }),
  });

export const gradesQuery = () =>
  queryOptions({ queryKey: GRADES_KEY, queryFn: () => api.get<ScanGrades>('/api/v1/scans/grades') });

export const riskiestQuery = () =>
  queryOptions({
    queryKey: RISKIEST_KEY,
    queryFn: () => api.get<RiskiestAssets>('/api/v1/assets/riskiest', { query: { limit: TOP_ASSETS } }),
  });

export const latestScansQuery = () =>
  queryOptions({
    queryKey: LATEST_SCANS_KEY,
    queryFn: () => api.get<Page<Scan>>('/api/v1/scans', { query: { limit: 10 } }),
  });

/** The period of the weekly chart in the address (`?weeks=26`), or the default. */
export function weeksFromSearch(search: string): number {
  const given = Number(new URLSearchParams(search).get('weeks'));
  return (WEEK_CHOICES as readonly number[]).includes(given) ? given : DEFAULT_WEEKS;
}

/** Starts the dashboard's requests the caller may make (errors stay in the cache for the cards to show). */
export function prefetchDashboard(queryClient: QueryClient, can: (p: Permission) => boolean, search: string): void {
  if (can('scans:read')) {
    void queryClient.prefetchQuery(latestScansQuery());
    void queryClient.prefetchQuery(gradesQuery());
  }
  if (can('findings:read')) void queryClient.prefetchQuery(summaryQuery(weeksFromSearch(search)));
  if (can('assets:read')) void queryClient.prefetchQuery(riskiestQuery());
}
