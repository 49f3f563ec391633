// /scans/:id: one scan as it runs (state, progress, module timeline, findings so far; cancel) and, once it has
// ended, its results, its findings and a comparison with an earlier scan of the same targets.
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { isApiError } from '../../api/problem';
import type { Page, Scan } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SeverityBadge } from '../../components/SeverityBadge';
import { FINDING_STATUSES, type FindingStatus } from '../../components/severity';
import { formatDate, formatPercent, t } from '../../i18n';
import type { LiveFrame } from '../../live/socket';
import { useTopic } from '../../live/useTopic';
import { ComparePicker } from './ComparePicker';
import { ScanResults } from './ScanResults';
import { ScanTimeline } from './ScanTimeline';
import { SCANS_KEY, ScanProgress, StateBadge, scanKey, targetsText } from './parts';
import { foldEvents, mergeEvents } from './timeline';
import { isEnded, type FindingItem, type ScanDetail, type ScanEvent, type ScanEventList } from './types';

const CONTROL_FRAMES = new Set(['subscribed', 'unsubscribed', 'pong', 'error']);

/** Every stored event of the scan, following `next_after_seq` until the list is complete. */
async function fetchEvents(id: string, signal: AbortSignal): Promise<ScanEvent[]> {
  const out: ScanEvent[] = [];
  let after = 0;
  for (let page = 0; page < 100; page += 1) {
    const list = await api.get<ScanEventList>(`/api/v1/scans/${id}/events`, { query: { after_seq: after, limit: 200 }, signal });
    out.push(...list.items);
    if (list.next_after_seq === null || list.next_after_seq === undefined || list.next_after_seq <= after) break;
    after = list.next_after_seq;
  }
  return out;
}

function etaText(seconds: number): string {
  return seconds < 60 ? t('scans.live.etaSeconds', { seconds }) : t('scans.live.etaMinutes', { minutes: Math.ceil(seconds / 60) });
}

export function ScanLivePage() {
  const { id = '' } = useParams();
  const scan = useQuery({ queryKey: scanKey(id), queryFn: ({ signal }) => api.get<ScanDetail>(`/api/v1/scans/${id}`, { signal }) });

  if (scan.isPending) return <p role="status">{t('app.loading')}</p>;
  if (scan.isError) {
    if (isApiError(scan.error) && scan.error.status === 404) {
      return (
        <EmptyState title={t('scans.live.notFoundTitle')}>
          <p>{t('scans.live.notFoundBody')}</p>
          <Link to="/scans" className="btn-secondary mt-3">
            {t('scans.live.backToList')}
          </Link>
        </EmptyState>
      );
    }
    return <ErrorNotice title={t('scans.live.loadFailed')} error={scan.error} onRetry={() => void scan.refetch()} />;
  }
  return <ScanView key={scan.data.id} scan={scan.data} />;
}

function ScanView({ scan }: { scan: ScanDetail }) {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const id = scan.id;
  const [frames, setFrames] = useState<ScanEvent[]>([]);
  const [liveError, setLiveError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const events = useQuery({
    queryKey: [...scanKey(id), 'events'],
    queryFn: ({ signal }) => fetchEvents(id, signal),
  });

  const following = !isEnded(scan.state);
  useTopic(following ? `scan:${id}` : null, (frame: LiveFrame) => {
    if (frame.type === 'error') {
      const message = (frame.data as { message?: unknown } | null)?.message;
      setLiveError(typeof message === 'string' ? message : t('scans.live.liveUnavailable'));
      return;
    }
    if (CONTROL_FRAMES.has(frame.type)) return;
    setFrames((prev) => [...prev, frame]);
    if (frame.type === 'state') {
      void queryClient.invalidateQueries({ queryKey: scanKey(id), exact: true });
      void queryClient.invalidateQueries({ queryKey: [...SCANS_KEY, 'list'] });
    }
  });

  const view = useMemo(() => foldEvents(mergeEvents(events.data ?? [], frames)), [events.data, frames]);
  const state = isEnded(scan.state) ? scan.state : (view.state ?? scan.state);
  const ended = isEnded(state);
  const percent = state === 'done' ? 100 : (view.progress?.percent ?? scan.progress);
  const findingsSoFar = ended ? scan.findings_count : Math.max(view.progress?.findings ?? 0, scan.findings_count);

  const cancel = useMutation({
    mutationFn: () => api.post<Scan>(`/api/v1/scans/${id}/cancel`),
    onSuccess: (updated) => {
      queryClient.setQueryData(scanKey(id), (prev: ScanDetail | undefined) => ({ ...prev, ...updated }));
      void queryClient.invalidateQueries({ queryKey: [...SCANS_KEY, 'list'] });
      setConfirming(false);
    },
  });

  const title = targetsText(scan.targets);
  return (
    <div className="space-y-6">
      <div>
        <Link to="/scans" className="text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          {t('scans.live.backToList')}
        </Link>
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <div className="flex min-w-0 flex-wrap items-center gap-3">
            <h1 className="page-title break-all">{t('scans.live.title', { targets: title })}</h1>
            <StateBadge state={state} />
          </div>
          {!ended && can('scans:run') && (
            <button type="button" className="btn-danger" onClick={() => setConfirming(true)}>
              {t('scans.live.cancel')}
            </button>
          )}
        </div>
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
          <div>
            <dt className="text-slate-600 dark:text-slate-400">{t('scans.live.profile')}</dt>
            <dd>{scan.profile ?? t('scans.list.customModules')}</dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">{t('scans.live.modules')}</dt>
            <dd>{scan.modules.join(', ') || '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">{t('scan.started')}</dt>
            <dd>
              <time dateTime={scan.created_at}>{formatDate(scan.created_at)}</time>
            </dd>
          </div>
          {scan.finished_at && (
            <div>
              <dt className="text-slate-600 dark:text-slate-400">{t('scans.live.finished')}</dt>
              <dd>
                <time dateTime={scan.finished_at}>{formatDate(scan.finished_at)}</time>
              </dd>
            </div>
          )}
        </dl>
        {scan.targets.length > 1 && (
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer">{t('scans.live.allTargets', { count: scan.targets.length })}</summary>
            <ul className="mt-1 list-disc pl-5 font-mono">
              {scan.targets.map((target) => (
                <li key={target} className="break-all">{target}</li>
              ))}
            </ul>
          </details>
        )}
      </div>

      {state === 'failed' && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <p className="font-semibold">{t('scans.live.failedTitle')}</p>
          <p className="mt-1">{scan.error ?? view.stateError ?? t('scans.live.failedNoReason')}</p>
          <p className="mt-1">{t('scans.live.failedNext')}</p>
        </div>
      )}
      {state === 'cancelled' && (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {t('scans.live.cancelledNote')}
        </p>
      )}
      {state === 'done' && !scan.complete && scan.incomplete_reason && (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {t('scans.live.incomplete', { reason: scan.incomplete_reason })}
        </p>
      )}

      {(!ended || state === 'cancelled') && (
        <section aria-labelledby="scan-progress" className="card space-y-2">
          <h2 id="scan-progress" className="text-lg font-semibold">{t('scans.live.progressTitle')}</h2>
          <ScanProgress percent={percent} label={t('scans.live.progressLabel')} />
          <p className="text-sm" aria-live="polite">
            {state === 'queued' ? t('scans.live.queued') : t('scan.progress', { percent: formatPercent(percent) })}
            {!ended && view.progress?.module && view.progress.target && (
              <> · {t('scans.live.current', { module: view.progress.module, target: view.progress.target })}</>
            )}
            {!ended && view.progress?.etaS !== undefined && <> · {etaText(view.progress.etaS)}</>}
          </p>
          <p className="text-sm" aria-live="polite">
            {t('scans.live.findingsSoFar', { count: findingsSoFar })}
          </p>
          {liveError && !ended && <p className="text-sm text-amber-800 dark:text-amber-200">{t('scans.live.liveError', { message: liveError })}</p>}
        </section>
      )}

      {ended && state !== 'failed' && <ScanResults scan={scan} />}

      <ScanFindings scan={scan} ended={ended} liveFindings={view.findings} findingsSoFar={findingsSoFar} />

      <section aria-labelledby="scan-timeline" className="space-y-2">
        <h2 id="scan-timeline" className="text-lg font-semibold">{t('scans.timeline.title')}</h2>
        {events.isError && (
          <ErrorNotice title={t('scans.timeline.loadFailed')} error={events.error} onRetry={() => void events.refetch()} />
        )}
        {events.isPending && frames.length === 0 ? (
          <p role="status">{t('app.loading')}</p>
        ) : (
          <ScanTimeline steps={view.steps} />
        )}
      </section>

      {ended && state !== 'failed' && <ComparePicker scan={scan} />}

      <Dialog
        title={t('scans.cancelDialog.title')}
        open={confirming}
        onClose={() => setConfirming(false)}
        footer={
          <>
            <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
              {t('scans.cancelDialog.keep')}
            </button>
            <button type="button" className="btn-danger" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
              {cancel.isPending ? t('scans.cancelDialog.cancelling') : t('scans.cancelDialog.confirm')}
            </button>
          </>
        }
      >
        <p className="text-sm">{t('scans.cancelDialog.body')}</p>
        {cancel.isError && (
          <div className="mt-3">
            <ErrorNotice title={t('scans.cancelDialog.failed')} error={cancel.error} />
          </div>
        )}
      </Dialog>
    </div>
  );
}

/**
 * The findings of the scan. They are stored when the scan ends (docs/api.md "Deduplication and ingest"), so while it
 * runs the view shows the count from the progress events, and the list once it has ended.
 */
function ScanFindings({
  scan,
  ended,
  liveFindings,
  findingsSoFar,
}: {
  scan: ScanDetail;
  ended: boolean;
  liveFindings: ReturnType<typeof foldEvents>['findings'];
  findingsSoFar: number;
}) {
  const { can } = useAuth();
  const show = ended && scan.state !== 'failed' && can('findings:read');
  const findings = useQuery({
    queryKey: [...scanKey(scan.id), 'findings'],
    queryFn: ({ signal }) =>
      api.get<Page<FindingItem>>('/api/v1/findings', { query: { scan_id: scan.id, limit: 50, sort: '-severity' }, signal }),
    enabled: show,
  });

  if (!ended) {
    return (
      <section aria-labelledby="scan-findings" className="space-y-2">
        <h2 id="scan-findings" className="text-lg font-semibold">{t('scans.findings.title')}</h2>
        {liveFindings.length > 0 ? (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {liveFindings.map((f) => (
              <li key={f.fingerprint} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
                <SeverityBadge severity={f.severity} />
                <span className="font-medium">{f.title}</span>
                <span className="break-all text-slate-600 dark:text-slate-400">{f.location}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {t('scans.findings.whileRunning', { count: findingsSoFar })}
          </p>
        )}
      </section>
    );
  }
  if (!show) return null;
  const items = findings.data?.items ?? [];
  return (
    <section aria-labelledby="scan-findings" className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="scan-findings" className="text-lg font-semibold">{t('scans.findings.title')}</h2>
        <Link to={`/findings?scan_id=${encodeURIComponent(scan.id)}`} className="btn-secondary">
          {t('scans.findings.all', { count: scan.findings_count })}
        </Link>
      </div>
      {findings.isPending && <p role="status">{t('app.loading')}</p>}
      {findings.isError && (
        <ErrorNotice title={t('scans.findings.loadFailed')} error={findings.error} onRetry={() => void findings.refetch()} />
      )}
      {findings.isSuccess && items.length === 0 && (
        <EmptyState title={t('scans.findings.emptyTitle')}>
          <p>{t('scans.findings.emptyBody')}</p>
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('scans.findings.severity')}</th>
                <th scope="col">{t('scans.findings.finding')}</th>
                <th scope="col">{t('scans.findings.location')}</th>
                <th scope="col">{t('scans.findings.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <tr key={f.id}>
                  <td>
                    <SeverityBadge severity={f.severity} />
                  </td>
                  <td>
                    <Link to={`/findings/${f.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                      {f.title}
                    </Link>
                    {f.regression && <span className="ml-2 text-xs font-semibold text-red-800 dark:text-red-200">{t('scans.findings.regression')}</span>}
                    <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">{f.check}</span>
                  </td>
                  <td className="break-all">{f.location}</td>
                  <td>{isFindingStatus(f.status) ? t(`findingStatus.${f.status}`) : f.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {findings.data?.next_cursor && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {t('scans.findings.more', { shown: items.length })}{' '}
          <Link to={`/findings?scan_id=${encodeURIComponent(scan.id)}`} className="text-brand-700 underline dark:text-brand-100">
            {t('scans.findings.openList')}
          </Link>
        </p>
      )}
    </section>
  );
}

function isFindingStatus(s: string): s is FindingStatus {
  return (FINDING_STATUSES as readonly string[]).includes(s);
}
