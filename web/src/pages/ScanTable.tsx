import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Scan, ScanState } from '../api/types';
import { formatDate, formatNumber, formatPercent, formatRelative, t } from '../i18n';
import type { LiveFrame } from '../live/socket';
import { useTopic } from '../live/useTopic';

const STATE_STYLE: Record<ScanState, string> = {
  queued: 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  running: 'bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200',
  done: 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200',
  failed: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
  cancelled: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
};

function targetsText(targets: string[]): string {
  const [first = '', ...rest] = targets;
  return rest.length === 0 ? first : t('scan.moreTargets', { first, count: rest.length });
}

export function ScanTable({ scans }: { scans: Scan[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <thead className="bg-slate-50 text-left dark:bg-slate-900">
          <tr>
            <th scope="col" className="px-4 py-2 font-semibold">{t('scan.targets')}</th>
            <th scope="col" className="px-4 py-2 font-semibold">{t('scan.state')}</th>
            <th scope="col" className="px-4 py-2 font-semibold">{t('scan.grade')}</th>
            <th scope="col" className="px-4 py-2 text-right font-semibold">{t('scan.findings')}</th>
            <th scope="col" className="px-4 py-2 font-semibold">{t('scan.started')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {scans.map((scan) => (
            <ScanRow key={scan.id} scan={scan} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One scan; while it is queued or running it follows its `scan:<id>` topic for progress and its end. */
function ScanRow({ scan }: { scan: Scan }) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const live = scan.state === 'queued' || scan.state === 'running';

  useTopic(live ? `scan:${scan.id}` : null, (frame: LiveFrame) => {
    if (frame.type === 'progress') {
      const percent = (frame.data as { percent?: unknown } | null)?.percent;
      if (typeof percent === 'number') setProgress(percent);
    } else if (frame.type === 'state') {
      void queryClient.invalidateQueries({ queryKey: ['scans'] });
    }
  });

  const percent = progress ?? scan.progress;
  return (
    <tr>
      <td className="max-w-xs truncate px-4 py-2 font-medium" title={scan.targets.join(', ')}>
        {targetsText(scan.targets)}
      </td>
      <td className="px-4 py-2">
        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATE_STYLE[scan.state]}`}>
          {t(`scan.state.${scan.state}`)}
        </span>
        {scan.state === 'running' && (
          <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">
            {t('scan.progress', { percent: formatPercent(percent) })}
          </span>
        )}
      </td>
      <td className="px-4 py-2">
        {scan.grade ? (
          <span className="font-semibold">{scan.grade}</span>
        ) : (
          <span className="text-slate-500">{t('scan.noGrade')}</span>
        )}
      </td>
      <td className="px-4 py-2 text-right tabular-nums">{formatNumber(scan.findings_count)}</td>
      <td className="px-4 py-2">
        <time dateTime={scan.created_at} title={formatDate(scan.created_at)}>
          {formatRelative(scan.created_at)}
        </time>
      </td>
    </tr>
  );
}
