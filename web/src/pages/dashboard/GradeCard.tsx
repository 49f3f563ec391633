// Grade distribution: the grade of the latest done scan of each target list, counted by the server.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { t } from '../../i18n';
import { CardBody, ChartCard, LegendLinks, type LegendItem } from './ChartCard';
import { CategoryBarChart } from './CategoryBarChart';
import { GRADE_FILL, OTHER_GRADE_FILL, gradeBars } from './grades';
import { scansHref } from './links';
import { gradesQuery } from './queries';
import type { ScanGrades } from './types';


export function GradeCard() {
  const grades = useQuery(gradesQuery());
  const state = { pending: grades.isPending, error: grades.isError ? grades.error : null, retry: () => void grades.refetch() };
  return (
    <ChartCard title={t('dashboard.grades.title')} description={t('dashboard.grades.description')}>
      <CardBody state={state} errorTitle={t('dashboard.grades.loadFailed')}>
        {grades.isSuccess && (grades.data.target_lists === 0 ? <NoGrades /> : <GradeBody grades={grades.data} />)}
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

function GradeBody({ grades }: { grades: ScanGrades }) {
  const items: LegendItem[] = gradeBars(grades.grades).map(({ grade, count }) => ({
    key: grade,
    label: t('dashboard.grades.grade', { grade }),
    count,
    color: GRADE_FILL[grade] ?? OTHER_GRADE_FILL,
    accessibleName: t('dashboard.grades.count', { grade, count }),
  }));
  return (
    <>
      <CategoryBarChart items={items} valueName={t('dashboard.grades.targetLists')} />
      <LegendLinks label={t('dashboard.grades.legend')} items={items} />
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t('dashboard.grades.counted', { count: grades.target_lists })}
        {grades.ungraded > 0 && <> {t('dashboard.grades.ungraded', { count: grades.ungraded })}</>}
      </p>
      <Link to={scansHref({ state: 'done' })} className="text-sm font-medium text-brand-700 underline dark:text-brand-100">
        {t('dashboard.grades.allScans')}
      </Link>
    </>
  );
}
