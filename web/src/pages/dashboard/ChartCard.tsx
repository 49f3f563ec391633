// The pieces every dashboard card shares: the card with its heading, the loading skeleton, the legend of links that
// is also the chart's text alternative, and a tooltip styled for both themes.
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatNumber, t } from '../../i18n';

export interface ChartCardProps {
  title: string;
  /** What the card counts, in a sentence. */
  description?: ReactNode;
  /** Controls beside the heading (a period selector). */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A dashboard card: a region named by its heading. */
export function ChartCard({ title, description, actions, className = '', children }: ChartCardProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={`card flex min-w-0 flex-col gap-3 ${className}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold text-slate-900 dark:text-slate-50">
          {title}
        </h2>
        {actions}
      </div>
      {description && <p className="text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      {children}
    </section>
  );
}

/** What a card shows while its data loads. */
export function CardSkeleton({ lines = 3 }: { lines?: number }) {
  return (
    <div role="status" className="space-y-3" aria-live="polite">
      <span className="sr-only">{t('app.loading')}</span>
      <div className="h-40 animate-pulse rounded-md bg-slate-100 dark:bg-slate-800" />
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="h-4 w-2/3 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
      ))}
    </div>
  );
}

export interface CardState {
  pending: boolean;
  error: unknown;
  retry: () => void;
  /** Data for other parameters is shown while the new answer loads. */
  updating?: boolean;
}

/** The skeleton while loading, the error with a retry when it failed, else the card's content. */
export function CardBody({ state, errorTitle, children }: { state: CardState; errorTitle: string; children: ReactNode }) {
  if (state.pending) return <CardSkeleton />;
  if (state.error) return <ErrorNotice title={errorTitle} error={state.error} onRetry={state.retry} />;
  return (
    <div className="flex flex-col gap-3" aria-busy={state.updating || undefined}>
      {state.updating && (
        <p role="status" className="text-xs text-slate-600 dark:text-slate-400">
          {t('dashboard.updating')}
        </p>
      )}
      {children}
    </div>
  );
}

/** A line sample for a series legend (dashed lines stay distinguishable without colour). */
export function LineSwatch({ color, dashed = false }: { color: string; dashed?: boolean }) {
  return (
    <svg width="20" height="12" aria-hidden="true" className="shrink-0">
      <line x1="1" y1="6" x2="19" y2="6" stroke={color} strokeWidth="2.5" strokeDasharray={dashed ? '5 3' : undefined} />
    </svg>
  );
}

/** A colour sample; the label next to it carries the meaning. */
export function Swatch({ color }: { color: string }) {
  return (
    <svg width="12" height="12" aria-hidden="true" className="shrink-0 text-slate-500 dark:text-slate-300">
      <rect x="0.5" y="0.5" width="11" height="11" rx="2" fill={color} stroke="currentColor" strokeOpacity="0.5" />
    </svg>
  );
}

export interface LegendItem {
  key: string;
  label: string;
  count: number;
  color: string;
  /** The filtered list behind the count; none when no list can show exactly these. */
  href?: string | undefined;
  /** The link's full name for screen readers ("Critical: 3 active findings"). */
  accessibleName: string;
}

/**
 * The chart's data as a list: each label with its count, a link to the list behind it where one exists. Keyboard and
 * screen-reader users get everything the chart shows from it (the chart itself is hidden from assistive technology).
 */
export function LegendLinks({ label, items }: { label: string; items: readonly LegendItem[] }) {
  return (
    <ul aria-label={label} className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-2">
      {items.map((item) => {
        const content = (
          <>
            <Swatch color={item.color} />
            <span className="truncate">{item.label}</span>
            <span className="ml-auto pl-2 font-semibold tabular-nums">{formatNumber(item.count)}</span>
          </>
        );
        return (
          <li key={item.key}>
            {item.href ? (
              <Link
                to={item.href}
                aria-label={item.accessibleName}
                className="flex items-center gap-2 rounded px-2 py-1 text-brand-700 underline-offset-2 hover:bg-slate-100 hover:underline dark:text-brand-100 dark:hover:bg-slate-800"
              >
                {content}
              </Link>
            ) : (
              <div className="flex items-center gap-2 px-2 py-1" aria-label={item.accessibleName} role="group">
                {content}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

interface TooltipEntry {
  name?: string | number;
  value?: string | number | (string | number)[];
  color?: string;
}

/** Recharts tooltip content, readable in both themes (Recharts' default is a white box with inherited text). */
export function ChartTooltip({ active, payload, label }: { active?: boolean; payload?: TooltipEntry[]; label?: ReactNode }) {
  if (!active || !payload || payload.length === 0) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs text-slate-900 shadow dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
      {label !== undefined && label !== '' && <p className="mb-1 font-semibold">{label}</p>}
      {payload.map((entry, i) => (
        <p key={i} className="flex items-center gap-2">
          {entry.color && <Swatch color={entry.color} />}
          <span>{entry.name}</span>
          <span className="ml-auto pl-2 font-semibold tabular-nums">
            {typeof entry.value === 'number' ? formatNumber(entry.value) : String(entry.value ?? '')}
          </span>
        </p>
      ))}
    </div>
  );
}

/** Axis, grid and label colours follow the text colour of the chart's wrapper, so both themes stay readable. */
export const CHART_TEXT = 'text-slate-600 dark:text-slate-300';
export const AXIS_TICK = { fill: 'currentColor', fontSize: 12 } as const;
