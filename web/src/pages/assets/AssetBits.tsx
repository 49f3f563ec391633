// Small shared pieces of the asset screens (also used by the dashboard): criticality badge, risk score, tags.
import { formatNumber, t } from '../../i18n';
import type { Criticality } from './types';

const CRITICALITY_BADGE: Record<Criticality, string> = {
  low: 'bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600',
  medium: 'bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-100 dark:ring-sky-800',
  high: 'bg-orange-100 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:ring-orange-800',
  critical: 'bg-red-100 text-red-900 ring-red-300 dark:bg-red-950 dark:text-red-100 dark:ring-red-800',
};

export function CriticalityBadge({ criticality }: { criticality: Criticality }) {
  return (
    <span
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${CRITICALITY_BADGE[criticality]}`}
    >
      {t(`assets.criticality.${criticality}`)}
    </span>
  );
}

/** Fill of the risk bar: the same bands as the severity colours (40 = one critical finding on a medium asset). */
function riskFill(score: number): string {
  if (score >= 80) return '#b91c1c';
  if (score >= 40) return '#c2410c';
  if (score >= 10) return '#b45309';
  if (score > 0) return '#0369a1';
  return '#64748b';
}

/** The risk score as a number out of 100 with a bar; the number carries the meaning. */
export function RiskScore({ score }: { score: number }) {
  const clamped = Math.max(0, Math.min(100, score));
  return (
    <span className="inline-flex items-center gap-2">
      <span className="w-7 text-right font-semibold tabular-nums">{formatNumber(score)}</span>
      <span className="sr-only">{t('assets.risk.outOf')}</span>
      <svg width="64" height="8" aria-hidden="true" className="shrink-0 text-slate-200 dark:text-slate-700">
        <rect width="64" height="8" rx="4" fill="currentColor" />
        {clamped > 0 && <rect width={Math.max(4, (clamped * 64) / 100)} height="8" rx="4" fill={riskFill(clamped)} />}
      </svg>
    </span>
  );
}

export function TagList({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return <span className="text-slate-500 dark:text-slate-400">{t('assets.none')}</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label={t('assets.field.tags')}>
      {tags.map((tag) => (
        <li key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-100">
          {tag}
        </li>
      ))}
    </ul>
  );
}

/** "a, b , c" -> ["a", "b", "c"]: tags are typed comma-separated; empty ones and repeats are dropped. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
}
