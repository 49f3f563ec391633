// Severities and finding statuses as the API spells them, in display order, with their colours (WCAG AA on both themes).
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_STATUSES = ['open', 'triaged', 'fixed', 'accepted_risk', 'false_positive'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Badge classes: dark text on a light tint (light theme), light text on a dark tint (dark theme). */
export const SEVERITY_BADGE: Record<Severity, string> = {
  critical: 'bg-red-100 text-red-900 ring-red-300 dark:bg-red-950 dark:text-red-100 dark:ring-red-800',
  high: 'bg-orange-100 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:ring-orange-800',
  medium: 'bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800',
  low: 'bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-100 dark:ring-sky-800',
  info: 'bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600',
};

/** Chart fills, one per severity, distinguishable and readable on white and on slate-900. */
export const SEVERITY_FILL: Record<Severity, string> = {
  critical: '#b91c1c',
  high: '#c2410c',
  medium: '#b45309',
  low: '#0369a1',
  info: '#64748b',
};

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
