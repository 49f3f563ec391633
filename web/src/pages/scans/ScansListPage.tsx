// /scans: every scan of the organisation, newest first, filtered by state, paged with "Load more"; scans that are
// queued or running follow their `scan:<id>` topic.
import { useState } from 'react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Page, ScanState } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/SelectField';
import { formatDate, formatNumber, formatPercent, formatRelative, t } from '../../i18n';
import type { LiveFrame } from '../../live/socket';
import { useTopic } from '../../live/useTopic';
import { GradeBadge, SCANS_KEY, ScanProgress, StateBadge, targetsText } from './parts';
import { SCAN_STATES, type ScanDetail } from './types';

const PAGE_SIZE = 25;

type StateFilter = ScanState | '';

export interface ListNotice {
  notice?: string;
}

export function ScansListPage() {
  const { can } = useAuth();
  const location = useLocation();
  const notice = (location.state as ListNotice | null)?.notice;
  const [params, setParams] = useSearchParams();
  const stateParam = params.get('state') ?? '';
  const state: StateFilter = (SCAN_STATES as readonly string[]).includes(stateParam) ? (stateParam as ScanState) : '';

  const scans = useInfiniteQuery({
    queryKey: [...SCANS_KEY, 'list', { state }],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<ScanDetail>>('/api/v1/scans', {
        query: { limit: PAGE_SIZE, state: state || undefined, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

  const items = scans.data?.pages.flatMap((p) => p.items) ?? [];
  const setState = (next: StateFilter) => {
    const copy = new URLSearchParams(params);
    if (next) copy.set('state', next);
    else copy.delete('state');
    setParams(copy, { replace: true });
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="page-title">{t('scans.list.title')}</h1>
        {can('scans:run') && (
          <Link to="/scans/new" className="btn-primary">
            {t('scans.list.new')}
          </Link>
        )}
      </div>
      {notice && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100">
          {notice}
        </p>
      )}
      <div className="max-w-xs">
        <SelectField<StateFilter>
          label={t('scans.list.filterState')}
          value={state}
          onChange={setState}
          options={[
            { value: '', label: t('scans.list.allStates') },
            ...SCAN_STATES.map((s) => ({ value: s, label: t(`scan.state.${s}`) })),
          ]}
        />
      </div>
      {scans.isPending && <p role="status">{t('app.loading')}</p>}
      {scans.isError && (
        <ErrorNotice title={t('scans.list.loadFailed')} error={scans.error} onRetry={() => void scans.refetch()} />
      )}
      {scans.isSuccess && items.length === 0 && (
        state ? (
          <EmptyState title={t('scans.list.emptyFilteredTitle')}>
            <p>{t('scans.list.emptyFilteredBody', { state: t(`scan.state.${state}`) })}</p>
            <button type="button" className="btn-secondary mt-3" onClick={() => setState('')}>
              {t('scans.list.showAll')}
            </button>
          </EmptyState>
        ) : (
          <EmptyState title={t('scans.list.emptyTitle')}>
            <p>{can('scans:run') ? t('scans.list.emptyBodyRun') : t('scans.list.emptyBodyRead')}</p>
            <p className="mt-1">{t('scans.list.emptyScope')}</p>
            {can('scans:run') && (
              <Link to="/scans/new" className="btn-primary mt-3">
                {t('scans.list.new')}
              </Link>
            )}
          </EmptyState>
        )
      )}
      {items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="data-table">
            <caption className="sr-only">{t('scans.list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('scan.targets')}</th>
                <th scope="col">{t('scan.state')}</th>
                <th scope="col">{t('scan.grade')}</th>
                <th scope="col" className="text-right">{t('scan.findings')}</th>
                <th scope="col">{t('scans.list.profile')}</th>
                <th scope="col">{t('scan.started')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((scan) => (
                <ScanRow key={scan.id} scan={scan} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {scans.hasNextPage && (
        <button
          type="button"
          className="btn-secondary"
          onClick={() => void scans.fetchNextPage()}
          disabled={scans.isFetchingNextPage}
        >
          {scans.isFetchingNextPage ? t('list.loadingMore') : t('list.loadMore')}
        </button>
      )}
      {scans.isFetchNextPageError && (
        <ErrorNotice title={t('scans.list.loadMoreFailed')} error={scans.error} onRetry={() => void scans.fetchNextPage()} />
      )}
    </div>
  );
}

interface LiveRow {
  percent?: number;
  findings?: number;
}

/** One scan; while it is queued or running it follows its topic for progress, findings so far and its end. */
function ScanRow({ scan }: { scan: ScanDetail }) {
  const queryClient = useQueryClient();
  const [live, setLive] = useState<LiveRow>({});
  const following = scan.state === 'queued' || scan.state === 'running';

  useTopic(following ? `scan:${scan.id}` : null, (frame: LiveFrame) => {
    if (frame.type === 'progress') {
      const d = (frame.data ?? {}) as { percent?: unknown; findings?: unknown };
      setLive((prev) => ({
        percent: typeof d.percent === 'number' ? d.percent : prev.percent,
        findings: typeof d.findings === 'number' ? d.findings : prev.findings,
      }));
    } else if (frame.type === 'state') {
      const next = (frame.data as { state?: unknown } | null)?.state;
      if (next !== scan.state) void queryClient.invalidateQueries({ queryKey: SCANS_KEY });
    }
  });

  const percent = live.percent ?? scan.progress;
  const findings = Math.max(live.findings ?? 0, scan.findings_count);
  const summary = scan.summary ?? null;
  return (
    <tr>
      <td className="max-w-xs">
        <Link
          to={`/scans/${scan.id}`}
          className="block truncate font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
          title={scan.targets.join(', ')}
        >
          {targetsText(scan.targets)}
        </Link>
      </td>
      <td className="min-w-[9rem]">
        <StateBadge state={scan.state} />
        {scan.state === 'running' && (
          <div className="mt-1 space-y-0.5">
            <ScanProgress percent={percent} label={t('scans.progressLabel', { target: targetsText(scan.targets) })} />
            <span className="text-xs text-slate-600 dark:text-slate-400">
              {t('scan.progress', { percent: formatPercent(percent) })}
            </span>
          </div>
        )}
      </td>
      <td>
        <GradeBadge grade={scan.grade} />
      </td>
      <td className="text-right tabular-nums">
        <span>{formatNumber(findings)}</span>
        {summary && (summary.new ?? 0) + (summary.fixed ?? 0) > 0 && (
          <span className="block text-xs text-slate-600 dark:text-slate-400">
            {t('scans.list.newFixed', { new: summary.new ?? 0, fixed: summary.fixed ?? 0 })}
          </span>
        )}
      </td>
      <td>{scan.profile ?? t('scans.list.customModules')}</td>
      <td>
        <time dateTime={scan.created_at} title={formatDate(scan.created_at)}>
          {formatRelative(scan.created_at)}
        </time>
      </td>
    </tr>
  );
}
