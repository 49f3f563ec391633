// Links into the findings and scans lists. The findings page reads exactly the API's query parameter names
// (GET /api/v1/findings), repeatable ones repeated, so every count on the dashboard opens the list behind it.
import type { FindingStatus } from '../../components/severity';

/** "Active" as the summary defines it (docs/api.md "Summary"): open or triaged. */
export const ACTIVE_STATUSES: readonly FindingStatus[] = ['open', 'triaged'];

export type LinkParams = Record<string, string | readonly string[] | undefined>;

function withQuery(path: string, params: LinkParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'string') query.append(name, value);
    else for (const v of value) query.append(name, v);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function findingsHref(params: LinkParams = {}): string {
  return withQuery('/findings', params);
}

export function scansHref(params: LinkParams = {}): string {
  return withQuery('/scans', params);
}

/** RFC 3339 UTC midnight of a `YYYY-MM-DD` day, plus `days`. */
export function utcDayStart(day: string, days = 0): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().replace('.000Z', 'Z');
}
