import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Page, Scan } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { t } from '../i18n';
import { ScanTable } from './ScanTable';

export const LATEST_SCANS_KEY = ['scans', 'latest'] as const;

export function DashboardPage() {
  const scans = useQuery({
    queryKey: LATEST_SCANS_KEY,
    queryFn: () => api.get<Page<Scan>>('/api/v1/scans', { query: { limit: 10 } }),
  });

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t('dashboard.title')}</h1>
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
