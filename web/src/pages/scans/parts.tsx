// Small pieces the scan screens share: state and grade badges, the progress bar, target text, the scans query keys.
import type { ScanState } from '../../api/types';
import { formatPercent, t } from '../../i18n';

export const SCANS_KEY = ['scans'] as const;
export const scanKey = (id: string) => ['scans', 'detail', id] as const;

const STATE_STYLE: Record<ScanState, string> = {
  queued: 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  running: 'bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200',
  done: 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200',
  failed: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
  cancelled: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
};

export function StateBadge({ state }: { state: ScanState }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${STATE_STYLE[state]}`}>
      {t(`scan.state.${state}`)}
    </span>
  );
}

const GRADE_STYLE: Record<string, string> = {
  A: 'bg-green-100 text-green-900 ring-green-300 dark:bg-green-950 dark:text-green-100 dark:ring-green-800',
  B: 'bg-lime-100 text-lime-900 ring-lime-300 dark:bg-lime-950 dark:text-lime-100 dark:ring-lime-800',
  C: 'bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800',
  D: 'bg-orange-100 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:ring-orange-800',
  F: 'bg-red-100 text-red-900 ring-red-300 dark:bg-red-950 dark:text-red-100 dark:ring-red-800',
};

/** A letter grade; the letter carries the meaning, the colour repeats it. */
export function GradeBadge({ grade, large = false }: { grade: string | null | undefined; large?: boolean }) {
  if (!grade) return <span className="text-slate-600 dark:text-slate-400">{t('scan.noGrade')}</span>;
  const letter = grade.charAt(0).toUpperCase();
  const size = large ? 'h-14 w-14 text-3xl' : 'h-7 w-7 text-sm';
  return (
    <span
      className={`inline-flex items-center justify-center rounded-md font-bold ring-1 ring-inset ${size} ${
        GRADE_STYLE[letter] ?? GRADE_STYLE.C
      }`}
      role="img"
      aria-label={t('scans.grade.label', { grade })}
    >
      {grade}
    </span>
  );
}

const PROGRESS_CLASS =
  'h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700 ' +
  '[&::-webkit-progress-bar]:bg-slate-200 dark:[&::-webkit-progress-bar]:bg-slate-700 ' +
  '[&::-webkit-progress-value]:bg-brand-600 dark:[&::-webkit-progress-value]:bg-brand-500 ' +
  '[&::-moz-progress-bar]:bg-brand-600 dark:[&::-moz-progress-bar]:bg-brand-500';

/** A <progress> bar (no inline style: the CSP forbids it) labelled with the percentage. */
export function ScanProgress({ percent, label }: { percent: number; label: string }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <progress className={PROGRESS_CLASS} max={100} value={value} aria-label={label}>
      {formatPercent(value)}
    </progress>
  );
}

export function targetsText(targets: string[]): string {
  const [first = '', ...rest] = targets;
  return rest.length === 0 ? first : t('scan.moreTargets', { first, count: rest.length });
}
