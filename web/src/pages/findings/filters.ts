// The list filters live in the URL query under exactly the API's parameter names (GET /api/v1/findings), so the
// dashboard, notifications and scan pages can link to a filtered list, and a view can be saved and shared.
import type { Query } from '../../api/client';
import { FINDING_STATUSES, SEVERITIES, type FindingStatus, type Severity } from '../../components/severity';
import { DEFAULT_SORT, FINDING_SORTS, type FindingSort } from './types';

/** The single-valued text filters, in the order they appear in a URL. */
export const TEXT_FILTERS = [
  'q',
  'check',
  'target',
  'asset_id',
  'scan_id',
  'assignee',
  'first_seen_from',
  'first_seen_to',
  'last_seen_from',
  'last_seen_to',
] as const;
export type TextFilter = (typeof TEXT_FILTERS)[number];

export interface FindingFilters {
  severity: Severity[];
  status: FindingStatus[];
  text: Partial<Record<TextFilter, string>>;
  sla_breached: 'true' | 'false' | null;
  sort: FindingSort;
}

export const EMPTY_FILTERS: FindingFilters = { severity: [], status: [], text: {}, sla_breached: null, sort: DEFAULT_SORT };

/** Values of a repeatable parameter, repeated or comma-separated, known ones only, in display order. */
function listParam<T extends string>(params: URLSearchParams, name: string, known: readonly T[]): T[] {
  const given = new Set(
    params
      .getAll(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim()),
  );
  return known.filter((k) => given.has(k));
}

export function parseFilters(params: URLSearchParams): FindingFilters {
  const text: FindingFilters['text'] = {};
  for (const name of TEXT_FILTERS) {
    const value = params.get(name)?.trim();
    if (value) text[name] = value;
  }
  const breached = params.get('sla_breached');
  const sort = params.get('sort');
  return {
    severity: listParam(params, 'severity', SEVERITIES),
    status: listParam(params, 'status', FINDING_STATUSES),
    text,
    sla_breached: breached === 'true' || breached === '1' ? 'true' : breached === 'false' || breached === '0' ? 'false' : null,
    sort: (FINDING_SORTS as readonly string[]).includes(sort ?? '') ? (sort as FindingSort) : DEFAULT_SORT,
  };
}

/** The URL query of a filter set: repeatable filters repeated, the default sort left out. */
export function filtersToSearchParams(filters: FindingFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const s of filters.severity) params.append('severity', s);
  for (const s of filters.status) params.append('status', s);
  for (const name of TEXT_FILTERS) {
    const value = filters.text[name];
    if (value) params.set(name, value);
  }
  if (filters.sla_breached) params.set('sla_breached', filters.sla_breached);
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  return params;
}

/** The canonical query string of the filters in `params` (for comparing saved views with the current one). */
export function canonicalQuery(params: URLSearchParams): string {
  return filtersToSearchParams(parseFilters(params)).toString();
}

/** The filters as the API's query (lists become comma lists, which the API reads as repeated values). */
export function filtersToApiQuery(filters: FindingFilters): Query {
  const query: Query = {};
  if (filters.severity.length) query.severity = filters.severity;
  if (filters.status.length) query.status = filters.status;
  for (const name of TEXT_FILTERS) {
    const value = filters.text[name];
    if (value) query[name] = value;
  }
  if (filters.sla_breached) query.sla_breached = filters.sla_breached;
  query.sort = filters.sort;
  return query;
}

export function hasAnyFilter(filters: FindingFilters): boolean {
  return (
    filters.severity.length > 0 ||
    filters.status.length > 0 ||
    filters.sla_breached !== null ||
    Object.values(filters.text).some(Boolean)
  );
}

/** A date input's value (YYYY-MM-DD) as the RFC 3339 UTC midnight the API takes; '' stays ''. */
export function dateToUtc(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : '';
}

/** The date part of an RFC 3339 filter value, for a date input. */
export function utcToDate(value: string | undefined): string {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value ?? '');
  return match?.[1] ?? '';
}
