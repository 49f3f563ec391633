// Grade distribution: the latest grade of each set of targets, from one page of finished scans.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { Page, Scan } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { t } from '../../i18n';
import { CardBody, ChartCard, LegendLinks, type LegendItem } from './ChartCard';
import { CategoryBarChart } from './CategoryBarChart';
import { GRADE_FILL, OTHER_GRADE_FILL, gradeDistribution } from './grades';
import { scansHref } from './links';

/** How many finished scans the distribution reads (one page). */
export const GRADE_SCAN_PAGE = 100;
/** Under ['scans']: a scan's state change (ScanTable) refreshes it with the latest scans. */
export const GRADES_KEY = ['scans', 'grades'] as const;

export function GradeCard() {
  const scans = useQuery({
    queryKey: GRADES_KEY,
    queryFn: () => api.get<Page<Scan>>('/api/v1/scans', { query: { state: 'done', limit: GRADE_SCAN_PAGE } }),
  });
  const state = { pending: scans.isPending, error: scans.isError ? scans.error : null, retry: () => void scans.refetch() };
  const items = scans.data?.items ?? [];
  return (
    <ChartCard
      title={t('dashboard.grades.title')}
      description={scans.isSuccess ? t('dashboard.grades.description', { count: items.length }) : undefined}
    >
      <CardBody state={state} errorTitle={t('dashboard.grades.loadFailed')}>
        {scans.isSuccess && (items.length === 0 ? <NoGrades /> : <GradeBody scans={items} />)}
      </CardBody>
    </ChartCard>
  );
}

function NoGrades() {
  return (
    <EmptyState title={t('dashboard.grades.emptyTitle')}>
      <p>{t('dashboard.grades.emptyBody')}</p>
    </EmptyState>
  );
}

function GradeBody({ scans }: { scans: Scan[] }) {
  const distribution = gradeDistribution(scans);
  const items: LegendItem[] = distribution.grades.map(({ grade, count }) => ({
    key: grade,
    label: t('dashboard.grades.grade', { grade }),
    count,
    color: GRADE_FILL[grade] ?? OTHER_GRADE_FILL,
    accessibleName: t('dashboard.grades.count', { grade, count }),
  }));
  return (
    <>
      <CategoryBarChart items={items} valueName={t('dashboard.grades.targetSets')} />
      <LegendLinks label={t('dashboard.grades.legend')} items={items} />
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t('dashboard.grades.counted', { count: distribution.targetSets })}
        {distribution.ungraded > 0 && <> {t('dashboard.grades.ungraded', { count: distribution.ungraded })}</>}
      </p>
      <Link to={scansHref({ state: 'done' })} className="text-sm font-medium text-brand-700 underline dark:text-brand-100">
        {t('dashboard.grades.allScans')}
      </Link>
    </>
  );
}
