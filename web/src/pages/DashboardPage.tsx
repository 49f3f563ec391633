import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { t } from '../i18n';
import { ScanTable } from './ScanTable';
import { FindingsCards } from './dashboard/FindingsCards';
import { GradeCard } from './dashboard/GradeCard';
import { RiskyAssetsCard } from './dashboard/RiskyAssetsCard';
import { latestScansQuery } from './dashboard/queries';
import { DEFAULT_WEEKS, WEEK_CHOICES } from './dashboard/types';


/** The period of the weekly chart, kept in the URL (`?weeks=26`) so a view can be shared. */
function useWeeksParam(): [number, (weeks: number) => void] {
  const [params, setParams] = useSearchParams();
  const given = Number(params.get('weeks'));
  const weeks = (WEEK_CHOICES as readonly number[]).includes(given) ? given : DEFAULT_WEEKS;
  const setWeeks = (next: number) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next === DEFAULT_WEEKS) updated.delete('weeks');
        else updated.set('weeks', String(next));
        return updated;
      },
      { replace: true },
    );
  return [weeks, setWeeks];
}

export function DashboardPage() {
  const { can } = useAuth();
  const [weeks, setWeeks] = useWeeksParam();
  const scans = useQuery(latestScansQuery());

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t('dashboard.title')}</h1>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        {can('findings:read') && <FindingsCards weeks={weeks} onWeeksChange={setWeeks} />}
        {can('assets:read') && <RiskyAssetsCard />}
        <GradeCard />
      </div>
      <section aria-labelledby="latest-scans" className="space-y-3">
        <h2 id="latest-scans" className="text-lg font-semibold">
          {t('dashboard.latestScans')}
        </h2>
        {scans.isPending && <p role="status">{t('app.loading')}</p>}
        {scans.isError && (
          <ErrorNotice title={t('dashboard.loadFailed')} error={scans.error} onRetry={() => void scans.refetch()} />
        )}
        {scans.isSuccess && scans.data.items.length === 0 && (
          <EmptyState title={t('dashboard.noScansTitle')}>
            <p>{t('dashboard.noScansBody')}</p>
            <p className="mt-1">{t('dashboard.noScansScope')}</p>
          </EmptyState>
        )}
        {scans.isSuccess && scans.data.items.length > 0 && <ScanTable scans={scans.data.items} />}
      </section>
    </div>
  );
}
