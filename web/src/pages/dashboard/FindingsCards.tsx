// The cards drawn from GET /api/v1/findings/summary: active findings by severity, findings by status, the SLA status
// of the active ones, and findings opened and fixed per week. One request feeds all four.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { FINDING_STATUSES, SEVERITIES, SEVERITY_FILL, type FindingStatus } from '../../components/severity';
import { t } from '../../i18n';
import { CardBody, ChartCard, LegendLinks, type LegendItem } from './ChartCard';
import { CategoryBarChart } from './CategoryBarChart';
import { ACTIVE_STATUSES, findingsHref } from './links';
import { summaryQuery } from './queries';
import { SlaCard } from './SlaCard';
import { TrendCard } from './TrendCard';
import type { FindingsSummary } from './types';


/** Status colours: distinct hues, at least 3:1 against white and slate-900 with the bar outline. */
const STATUS_FILL: Record<FindingStatus, string> = {
  open: '#1d4ed8',
  triaged: '#7c3aed',
  fixed: '#15803d',
  accepted_risk: '#b45309',
  false_positive: '#64748b',
};

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
}

export function FindingsCards({ weeks, onWeeksChange }: { weeks: number; onWeeksChange: (weeks: number) => void }) {
  const summary = useQuery({
    ...summaryQuery(weeks),
    placeholderData: keepPreviousData,
  });

  if (summary.isSuccess && total(summary.data.by_status) === 0) return <NoFindingsCard />;

  const state = {
    pending: summary.isPending,
    error: summary.isError ? summary.error : null,
    retry: () => void summary.refetch(),
    updating: summary.isPlaceholderData,
  };
  const data = summary.data;
  return (
    <>
      <ChartCard title={t('dashboard.bySeverity.title')} description={t('dashboard.bySeverity.description')}>
        <CardBody state={state} errorTitle={t('dashboard.summaryFailed')}>{data && <SeverityBody summary={data} />}</CardBody>
      </ChartCard>
      <SlaCard state={state} sla={data?.sla} />
      <ChartCard title={t('dashboard.byStatus.title')} description={t('dashboard.byStatus.description')}>
        <CardBody state={state} errorTitle={t('dashboard.summaryFailed')}>{data && <StatusBody summary={data} />}</CardBody>
      </ChartCard>
      <TrendCard state={state} weeks={weeks} series={data?.weeks} onWeeksChange={onWeeksChange} />
    </>
  );
}

function SeverityBody({ summary }: { summary: FindingsSummary }) {
  const items: LegendItem[] = SEVERITIES.map((severity) => {
    const count = summary.active_by_severity[severity] ?? 0;
    const label = t(`severity.${severity}`);
    return {
      key: severity,
      label,
      count,
      color: SEVERITY_FILL[severity],
      href: findingsHref({ severity, status: ACTIVE_STATUSES }),
      accessibleName: t('dashboard.bySeverity.link', { severity: label, count }),
    };
  });
  const active = total(summary.active_by_severity);
  return (
    <>
      <CategoryBarChart items={items} valueName={t('dashboard.chart.findings')} />
      <LegendLinks label={t('dashboard.bySeverity.legend')} items={items} />
      <Link to={findingsHref({ status: ACTIVE_STATUSES })} className="text-sm font-medium text-brand-700 underline dark:text-brand-100">
        {t('dashboard.bySeverity.all', { count: active })}
      </Link>
    </>
  );
}

function StatusBody({ summary }: { summary: FindingsSummary }) {
  const items: LegendItem[] = FINDING_STATUSES.map((status) => {
    const count = summary.by_status[status] ?? 0;
    const label = t(`findingStatus.${status}`);
    return {
      key: status,
      label,
      count,
      color: STATUS_FILL[status],
      href: findingsHref({ status }),
      accessibleName: t('dashboard.byStatus.link', { status: label, count }),
    };
  });
  return (
    <>
      <CategoryBarChart items={items} valueName={t('dashboard.chart.findings')} />
      <LegendLinks label={t('dashboard.byStatus.legend')} items={items} />
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t('dashboard.byStatus.total', { count: total(summary.by_status) })}
      </p>
    </>
  );
}

/** No finding at all yet: one card saying where findings come from, with the way to start a scan. */
function NoFindingsCard() {
  const { can } = useAuth();
  return (
    <div className="lg:col-span-2">
      <EmptyState title={t('dashboard.noFindings.title')}>
        <p>{t('dashboard.noFindings.body')}</p>
        {can('scans:run') ? (
          <Link to="/scans/new" className="btn-primary mt-4">
            {t('dashboard.noFindings.startScan')}
          </Link>
        ) : (
          <p className="mt-1">{t('dashboard.noFindings.askOperator')}</p>
        )}
      </EmptyState>
    </div>
  );
}
