// /assets: the organisation's assets by name (GET /api/v1/assets), filtered by type, criticality, tag and text,
// a page at a time; people with assets:manage can enter one by hand.
import { useEffect, useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { SEVERITIES } from '../../components/severity';
import { formatDate, formatNumber, formatRelative, t } from '../../i18n';
import { ACTIVE_STATUSES, findingsHref } from '../dashboard/links';
import { CriticalityBadge, RiskScore } from './AssetBits';
import { AssetFormDialog } from './AssetFormDialog';
import { assetFiltersToParams, hasFilters, parseAssetFilters } from './filters';
import { ASSET_TYPES, CRITICALITIES, assetKeys, type Asset, type AssetFilters } from './types';

export const ASSET_PAGE_SIZE = 50;

export function AssetsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = parseAssetFilters(params);
  const [adding, setAdding] = useState(false);

  const list = useInfiniteQuery({
    queryKey: assetKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Asset>>('/api/v1/assets', { query: { ...filters, limit: ASSET_PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

  const setFilters = (next: AssetFilters) => setParams(assetFiltersToParams(next), { replace: true });
  const assets = list.data?.pages.flatMap((p) => p.items) ?? [];
  const canManage = can('assets:manage');

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="page-title">{t('assets.title')}</h1>
        {canManage && (
          <button type="button" className="btn-primary" onClick={() => setAdding(true)}>
            {t('assets.add')}
          </button>
        )}
      </div>

      <AssetFilterBar filters={filters} onChange={setFilters} />

      {list.isPending && (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {t('assets.loading')}
        </p>
      )}
      {list.isError && <ErrorNotice title={t('assets.loadFailed')} error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && assets.length === 0 && (
        <NoAssets filtered={hasFilters(filters)} canManage={canManage} onClear={() => setFilters({})} onAdd={() => setAdding(true)} />
      )}
      {assets.length > 0 && (
        <>
          <AssetTable assets={assets} />
          <div className="flex flex-wrap items-center gap-4">
            <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
              {t('assets.shown', { count: assets.length })}
            </p>
            {list.hasNextPage && (
              <button
                type="button"
                className="btn-secondary"
                disabled={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {list.isFetchingNextPage ? t('list.loadingMore') : t('list.loadMore')}
              </button>
            )}
          </div>
        </>
      )}

      {adding && (
        <AssetFormDialog
          open
          onClose={() => setAdding(false)}
          onSaved={(asset) => {
            setAdding(false);
            navigate(`/assets/${encodeURIComponent(asset.id)}`);
          }}
        />
      )}
    </div>
  );
}

function AssetFilterBar({ filters, onChange }: { filters: AssetFilters; onChange: (filters: AssetFilters) => void }) {
  const [q, setQ] = useState(filters.q ?? '');
  const [tag, setTag] = useState(filters.tag ?? '');
  // The URL may change from outside (back button, a link): the text boxes follow it.
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  useEffect(() => setTag(filters.tag ?? ''), [filters.tag]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ ...filters, q: q.trim() || undefined, tag: tag.trim() || undefined });
  };

  return (
    <form
      role="search"
      aria-label={t('assets.filters.label')}
      onSubmit={onSubmit}
      className="grid grid-cols-1 items-end gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr_auto]"
    >
      <TextField label={t('assets.filters.q')} type="search" value={q} onChange={setQ} maxLength={200} />
      <SelectField
        label={t('assets.field.type')}
        value={filters.type ?? ''}
        onChange={(v) => onChange({ ...filters, type: v || undefined })}
        options={[{ value: '' as const, label: t('assets.filters.anyType') }, ...ASSET_TYPES.map((v) => ({ value: v, label: t(`assets.type.${v}`) }))]}
      />
      <SelectField
        label={t('assets.field.criticality')}
        value={filters.criticality ?? ''}
        onChange={(v) => onChange({ ...filters, criticality: v || undefined })}
        options={[
          { value: '' as const, label: t('assets.filters.anyCriticality') },
          ...CRITICALITIES.map((v) => ({ value: v, label: t(`assets.criticality.${v}`) })),
        ]}
      />
      <TextField label={t('assets.filters.tag')} value={tag} onChange={setTag} maxLength={64} />
      <div className="flex gap-2">
        <button type="submit" className="btn-primary">
          {t('assets.filters.apply')}
        </button>
        {hasFilters(filters) && (
          <button type="button" className="btn-secondary" onClick={() => onChange({})}>
            {t('assets.filters.clear')}
          </button>
        )}
      </div>
    </form>
  );
}

function NoAssets({ filtered, canManage, onClear, onAdd }: { filtered: boolean; canManage: boolean; onClear: () => void; onAdd: () => void }) {
  if (filtered) {
    return (
      <EmptyState title={t('assets.empty.filteredTitle')}>
        <p>{t('assets.empty.filteredBody')}</p>
        <button type="button" className="btn-secondary mt-3" onClick={onClear}>
          {t('assets.filters.clear')}
        </button>
      </EmptyState>
    );
  }
  return (
    <EmptyState title={t('assets.empty.title')}>
      <p>{t('assets.empty.body')}</p>
      {canManage && (
        <>
          <p className="mt-1">{t('assets.empty.manage')}</p>
          <button type="button" className="btn-primary mt-3" onClick={onAdd}>
            {t('assets.add')}
          </button>
        </>
      )}
    </EmptyState>
  );
}

/** "2 critical, 1 high": the non-zero severities of an asset's open findings. */
function severityBreakdown(asset: Asset): string {
  return SEVERITIES.filter((s) => (asset.open_findings[s] ?? 0) > 0)
    .map((s) => t('assets.list.severityCount', { count: asset.open_findings[s] ?? 0, severity: t(`severity.${s}`) }))
    .join(', ');
}

function AssetTable({ assets }: { assets: Asset[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="data-table">
        <caption className="sr-only">{t('assets.list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('assets.list.name')}</th>
            <th scope="col">{t('assets.field.type')}</th>
            <th scope="col">{t('assets.field.criticality')}</th>
            <th scope="col">{t('assets.field.risk')}</th>
            <th scope="col" className="text-right">
              {t('assets.field.openFindings')}
            </th>
            <th scope="col">{t('assets.field.lastScanned')}</th>
          </tr>
        </thead>
        <tbody>
          {assets.map((asset) => {
            const open = asset.open_findings.total ?? 0;
            const addresses = (asset.addresses ?? []).filter((a) => a !== asset.name);
            return (
              <tr key={asset.id}>
                <td className="max-w-xs">
                  <Link
                    to={`/assets/${encodeURIComponent(asset.id)}`}
                    className="block truncate font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
                    title={asset.name}
                  >
                    {asset.name}
                  </Link>
                  {addresses.length > 0 && (
                    <span className="block truncate text-xs text-slate-600 dark:text-slate-400" title={addresses.join(', ')}>
                      {addresses.join(', ')}
                    </span>
                  )}
                </td>
                <td>{t(`assets.type.${asset.type}`)}</td>
                <td>
                  <CriticalityBadge criticality={asset.criticality} />
                </td>
                <td>
                  <RiskScore score={asset.risk_score} />
                </td>
                <td className="text-right tabular-nums">
                  {open > 0 ? (
                    <Link
                      to={findingsHref({ asset_id: asset.id, status: ACTIVE_STATUSES })}
                      className="font-medium text-brand-700 underline dark:text-brand-100"
                      aria-label={t('assets.list.openFindingsLink', { count: open, name: asset.name })}
                    >
                      {formatNumber(open)}
                    </Link>
                  ) : (
                    formatNumber(0)
                  )}
                  {open > 0 && <span className="block text-xs text-slate-600 dark:text-slate-400">{severityBreakdown(asset)}</span>}
                </td>
                <td>
                  {asset.last_seen ? (
                    <time dateTime={asset.last_seen} title={formatDate(asset.last_seen)}>
                      {formatRelative(asset.last_seen)}
                    </time>
                  ) : (
                    <span className="text-slate-600 dark:text-slate-400">{t('assets.neverScanned')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
