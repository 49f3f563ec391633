// The module timeline of a scan: state changes and, per target, each module from its start to how it ended.
import type { MessageKey } from '../../i18n';
import { formatDate, formatNumber, t } from '../../i18n';
import { GradeBadge, StateBadge } from './parts';
import type { ModuleStep, TimelineStep } from './timeline';

const MODULE_STATUS_KEY: Record<string, MessageKey> = {
  running: 'scans.module.status.running',
  done: 'scans.module.status.done',
  failed: 'scans.module.status.failed',
  timed_out: 'scans.module.status.timed_out',
  cancelled: 'scans.module.status.cancelled',
  skipped: 'scans.module.status.skipped',
  stopped: 'scans.module.status.stopped',
};

const MODULE_STATUS_STYLE: Record<string, string> = {
  running: 'bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200',
  done: 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200',
  failed: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
  timed_out: 'bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-200',
};
const NEUTRAL = 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200';

export function moduleStatusText(status: string): string {
  const key = MODULE_STATUS_KEY[status];
  return key ? t(key) : status;
}

export function ModuleStatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${MODULE_STATUS_STYLE[status] ?? NEUTRAL}`}>
      {moduleStatusText(status)}
    </span>
  );
}

function duration(ms: number): string {
  return ms < 1000 ? t('scans.duration.ms', { ms }) : t('scans.duration.s', { s: formatNumber(ms / 1000, { maximumFractionDigits: 1 }) });
}

function ModuleLine({ step }: { step: ModuleStep }) {
  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{t('scans.timeline.module', { module: step.module, target: step.target })}</span>
        <ModuleStatusBadge status={step.status} />
        {step.durationMs !== undefined && <span className="text-slate-600 dark:text-slate-400">{duration(step.durationMs)}</span>}
        {step.grade && <GradeBadge grade={step.grade} />}
      </div>
      {step.error && <p className="mt-0.5 text-red-800 dark:text-red-200">{step.error}</p>}
    </>
  );
}

export function ScanTimeline({ steps }: { steps: TimelineStep[] }) {
  if (steps.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">{t('scans.timeline.empty')}</p>;
  }
  return (
    <ol aria-label={t('scans.timeline.title')} className="space-y-0 border-l-2 border-slate-200 pl-4 text-sm dark:border-slate-700">
      {steps.map((step) => {
        const at = step.kind === 'module' ? (step.finishedAt ?? step.startedAt) : step.at;
        return (
          <li key={step.key} className="relative py-1.5">
            <span aria-hidden="true" className="absolute -left-[1.3rem] top-3 h-2 w-2 rounded-full bg-slate-400 dark:bg-slate-500" />
            {step.kind === 'state' ? (
              <div className="flex flex-wrap items-center gap-2">
                <StateBadge state={step.state} />
                {step.resumed && <span className="text-slate-600 dark:text-slate-400">{t('scans.timeline.resumed')}</span>}
                {step.error && <span className="text-red-800 dark:text-red-200">{step.error}</span>}
              </div>
            ) : (
              <ModuleLine step={step} />
            )}
            {at && (
              <time dateTime={at} className="text-xs text-slate-600 dark:text-slate-400">
                {formatDate(at, { timeStyle: 'medium' })}
              </time>
            )}
          </li>
        );
      })}
    </ol>
  );
}
