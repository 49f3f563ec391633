import type { FindingStatus } from '../../components/severity';
import { t } from '../../i18n';

const STATUS_STYLE: Record<FindingStatus, string> = {
  open: 'bg-blue-100 text-blue-900 ring-blue-300 dark:bg-blue-950 dark:text-blue-100 dark:ring-blue-800',
  triaged: 'bg-violet-100 text-violet-900 ring-violet-300 dark:bg-violet-950 dark:text-violet-100 dark:ring-violet-800',
  fixed: 'bg-green-100 text-green-900 ring-green-300 dark:bg-green-950 dark:text-green-100 dark:ring-green-800',
  accepted_risk: 'bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800',
  false_positive: 'bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600',
};

/** A finding status as a label; the text carries the meaning, the colour repeats it. */
export function StatusBadge({ status }: { status: FindingStatus }) {
  return (
    <span
      className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[status]}`}
    >
      {t(`findingStatus.${status}`)}
    </span>
  );
}

/** A small warning label (SLA breached, regression). */
export function WarningTag({ children }: { children: string }) {
  return (
    <span className="inline-flex items-center whitespace-nowrap rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-900 dark:bg-red-950 dark:text-red-100">
      {children}
    </span>
  );
}
