// /assets/:id: one asset (GET /api/v1/assets/{id}) with its risk, open findings, services, certificates,
// technologies and the scans that saw it; editable by people with assets:manage.
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { isApiError } from '../../api/problem';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SeverityBadge } from '../../components/SeverityBadge';
import { SEVERITIES, SEVERITY_FILL } from '../../components/severity';
import { formatDate, formatNumber, formatRelative, t } from '../../i18n';
import { Swatch } from '../dashboard/ChartCard';
import { ACTIVE_STATUSES, findingsHref, scansHref } from '../dashboard/links';
import { CriticalityBadge, RiskScore, TagList } from './AssetBits';
import { AssetFormDialog } from './AssetFormDialog';
import { AssetServices, Certificates, Technologies } from './AssetSections';
import { assetKeys, type AssetDetail, type AssetFinding } from './types';

/** How many open findings the page lists before linking to the findings list. */
export const ASSET_FINDINGS_SHOWN = 10;

export function AssetDetailPage() {
  const { id = '' } = useParams();
  const asset = useQuery({
    queryKey: assetKeys.detail(id),
    queryFn: () => api.get<AssetDetail>(`/api/v1/assets/${encodeURIComponent(id)}`),
  });

  if (asset.isPending) {
    return (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        {t('assets.detail.loading')}
      </p>
    );
  }
  if (asset.isError) {
    if (isApiError(asset.error) && asset.error.status === 404) {
      return (
        <EmptyState title={t('assets.detail.notFoundTitle')}>
          <p>{t('assets.detail.notFoundBody')}</p>
          <Link to="/assets" className="btn-secondary mt-3">
            {t('assets.detail.back')}
          </Link>
        </EmptyState>
      );
    }
    return <ErrorNotice title={t('assets.detail.loadFailed')} error={asset.error} onRetry={() => void asset.refetch()} />;
  }
  return <AssetView asset={asset.data} />;
}

function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = `asset-section-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section aria-labelledby={id} className="card min-w-0 space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-base font-semibold">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

function AssetView({ asset }: { asset: AssetDetail }) {
  const { can } = useAuth();
  const [editing, setEditing] = useState(false);
  const allFindings = findingsHref({ asset_id: asset.id });
  return (
    <div className="space-y-6">
      <nav aria-label={t('assets.detail.breadcrumb')}>
        <Link to="/assets" className="text-sm font-medium text-brand-700 underline dark:text-brand-100">
          {t('assets.detail.back')}
        </Link>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h1 className="page-title break-all">{asset.name}</h1>
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <span>{t(`assets.type.${asset.type}`)}</span>
            <CriticalityBadge criticality={asset.criticality} />
            <span>{t(`assets.source.${asset.source}`)}</span>
          </p>
        </div>
        {can('assets:manage') && (
          <button type="button" className="btn-secondary" onClick={() => setEditing(true)}>
            {t('assets.detail.edit')}
          </button>
        )}
      </div>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Section title={t('assets.detail.risk')}>
          <RiskScore score={asset.risk_score} />
          <OpenFindingCounts asset={asset} />
          <p className="text-sm">
            <Link to={allFindings} className="font-medium text-brand-700 underline dark:text-brand-100">
              {t('assets.detail.allFindings')}
            </Link>
          </p>
        </Section>
        <Section title={t('assets.detail.about')}>
          <AssetFacts asset={asset} />
        </Section>
      </div>

      <Section
        title={t('assets.detail.openFindings')}
        actions={
          <Link to={findingsHref({ asset_id: asset.id, status: ACTIVE_STATUSES })} className="text-sm font-medium text-brand-700 underline dark:text-brand-100">
            {t('assets.detail.listOpenFindings')}
          </Link>
        }
      >
        <OpenFindings asset={asset} />
      </Section>

      <Section title={t('assets.detail.services')}>
        <AssetServices services={asset.services ?? []} />
      </Section>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Section title={t('assets.detail.certificates')}>
          <Certificates certificates={asset.certificates ?? []} />
        </Section>
        <Section title={t('assets.detail.technologies')}>
          <Technologies technologies={asset.technologies ?? []} />
        </Section>
      </div>
      <Section
        title={t('assets.detail.scans')}
        actions={
          <Link to={scansHref({ target: asset.name })} className="text-sm font-medium text-brand-700 underline dark:text-brand-100">
            {t('assets.detail.scansOfTarget')}
          </Link>
        }
      >
        <ScanHistory scanIds={asset.scan_ids ?? []} />
      </Section>

      {editing && (
        <AssetFormDialog open asset={asset} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      )}
    </div>
  );
}

function OpenFindingCounts({ asset }: { asset: AssetDetail }) {
  return (
    <ul aria-label={t('assets.detail.bySeverity')} className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-2">
      {SEVERITIES.map((severity) => {
        const count = asset.open_findings[severity] ?? 0;
        const label = t(`severity.${severity}`);
        return (
          <li key={severity}>
            <Link
              to={findingsHref({ asset_id: asset.id, severity, status: ACTIVE_STATUSES })}
              aria-label={t('assets.detail.severityLink', { severity: label, count })}
              className="flex items-center gap-2 rounded px-2 py-1 text-brand-700 underline-offset-2 hover:bg-slate-100 hover:underline dark:text-brand-100 dark:hover:bg-slate-800"
            >
              <Swatch color={SEVERITY_FILL[severity]} />
              <span>{label}</span>
              <span className="ml-auto font-semibold tabular-nums">{formatNumber(count)}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] gap-2">
      <dt className="font-medium text-slate-700 dark:text-slate-300">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function When({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="text-slate-600 dark:text-slate-400">{t('assets.none')}</span>;
  return (
    <time dateTime={value} title={formatDate(value)}>
      {formatRelative(value)}
    </time>
  );
}

function AssetFacts({ asset }: { asset: AssetDetail }) {
  const none = <span className="text-slate-600 dark:text-slate-400">{t('assets.none')}</span>;
  return (
    <dl className="space-y-2 text-sm">
      <Fact term={t('assets.field.owner')}>{asset.owner || none}</Fact>
      <Fact term={t('assets.field.environment')}>{asset.environment || none}</Fact>
      <Fact term={t('assets.field.tags')}>
        <TagList tags={asset.tags} />
      </Fact>
      <Fact term={t('assets.field.addresses')}>{asset.addresses?.length ? asset.addresses.join(', ') : none}</Fact>
      <Fact term={t('assets.field.firstSeen')}>
        <When value={asset.first_seen} />
      </Fact>
      <Fact term={t('assets.field.lastScanned')}>
        <When value={asset.last_seen} />
      </Fact>
      <Fact term={t('assets.field.lastScan')}>
        {asset.last_scan_id ? (
          <Link to={`/scans/${encodeURIComponent(asset.last_scan_id)}`} className="text-brand-700 underline dark:text-brand-100">
            {t('assets.detail.viewScan')}
          </Link>
        ) : (
          none
        )}
      </Fact>
    </dl>
  );
}

function OpenFindings({ asset }: { asset: AssetDetail }) {
  const findings = useQuery({
    queryKey: ['findings', 'asset', asset.id, 'active'],
    queryFn: () =>
      api.get<Page<AssetFinding>>('/api/v1/findings', {
        query: { asset_id: asset.id, status: [...ACTIVE_STATUSES], limit: ASSET_FINDINGS_SHOWN },
      }),
  });
  if (findings.isPending) {
    return (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        {t('assets.detail.findingsLoading')}
      </p>
    );
  }
  if (findings.isError) {
    return <ErrorNotice title={t('assets.detail.findingsFailed')} error={findings.error} onRetry={() => void findings.refetch()} />;
  }
  if (findings.data.items.length === 0) {
    return <p className="text-sm text-slate-700 dark:text-slate-300">{t('assets.detail.noOpenFindings')}</p>;
  }
  const total = asset.open_findings.total ?? findings.data.items.length;
  return (
    <>
      <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
        {findings.data.items.map((finding) => (
          <li key={finding.id} className="flex flex-wrap items-center gap-2 py-2">
            <SeverityBadge severity={finding.severity} />
            <Link
              to={`/findings/${encodeURIComponent(finding.id)}`}
              className="min-w-0 flex-1 font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
            >
              {finding.title}
            </Link>
            {finding.location && <span className="truncate text-xs text-slate-600 dark:text-slate-400">{finding.location}</span>}
          </li>
        ))}
      </ul>
      {findings.data.next_cursor && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {t('assets.detail.moreFindings', { shown: findings.data.items.length, count: total })}
        </p>
      )}
    </>
  );
}

function ScanHistory({ scanIds }: { scanIds: string[] }) {
  if (scanIds.length === 0) return <p className="text-sm text-slate-700 dark:text-slate-300">{t('assets.detail.noScans')}</p>;
  return (
    <>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('assets.detail.scansHelp', { count: scanIds.length })}</p>
      <ol className="flex flex-wrap gap-2 text-sm">
        {scanIds.map((scanId, index) => (
          <li key={scanId}>
            <Link
              to={`/scans/${encodeURIComponent(scanId)}`}
              className="rounded border border-slate-200 px-2 py-1 font-mono text-xs text-brand-700 hover:bg-slate-100 dark:border-slate-700 dark:text-brand-100 dark:hover:bg-slate-800"
              title={scanId}
            >
              {t(index === 0 ? 'assets.detail.latestScanLink' : 'assets.detail.scanLink', { id: scanId.slice(-8) })}
            </Link>
          </li>
        ))}
      </ol>
    </>
  );
}
