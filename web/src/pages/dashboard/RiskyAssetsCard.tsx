// The assets with the highest risk scores. GET /api/v1/assets lists by name and cannot sort by risk, so the card
// ranks one page (the largest the API allows) on the client and says so when there are more assets.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { formatNumber, t } from '../../i18n';
import { CriticalityBadge, RiskScore } from '../assets/AssetBits';
import { assetKeys, type Asset } from '../assets/types';
import { CardBody, ChartCard } from './ChartCard';

/** The API's largest page. */
export const RISK_PAGE = 200;
export const TOP_ASSETS = 8;

/** Highest risk first, then most open findings, then name. Assets without risk are left out. */
export function topRiskyAssets(assets: readonly Asset[], count = TOP_ASSETS): Asset[] {
  return assets
    .filter((a) => a.risk_score > 0)
    .sort(
      (a, b) =>
        b.risk_score - a.risk_score ||
        (b.open_findings.total ?? 0) - (a.open_findings.total ?? 0) ||
        a.name.localeCompare(b.name),
    )
    .slice(0, count);
}

export function RiskyAssetsCard() {
  const assets = useQuery({
    queryKey: assetKeys.top,
    queryFn: () => api.get<Page<Asset>>('/api/v1/assets', { query: { limit: RISK_PAGE } }),
  });
  const state = { pending: assets.isPending, error: assets.isError ? assets.error : null, retry: () => void assets.refetch() };
  return (
    <ChartCard title={t('dashboard.riskyAssets.title')} description={t('dashboard.riskyAssets.description')}>
      <CardBody state={state} errorTitle={t('dashboard.riskyAssets.loadFailed')}>
        {assets.isSuccess && <RiskyAssetsBody page={assets.data} />}
      </CardBody>
    </ChartCard>
  );
}

function RiskyAssetsBody({ page }: { page: Page<Asset> }) {
  if (page.items.length === 0) {
    return (
      <EmptyState title={t('dashboard.riskyAssets.noAssetsTitle')}>
        <p>{t('dashboard.riskyAssets.noAssetsBody')}</p>
      </EmptyState>
    );
  }
  const top = topRiskyAssets(page.items);
  return (
    <>
      {top.length === 0 ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">{t('dashboard.riskyAssets.noRisk')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="data-table">
            <caption className="sr-only">{t('dashboard.riskyAssets.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.riskyAssets.asset')}</th>
                <th scope="col">{t('dashboard.riskyAssets.risk')}</th>
                <th scope="col" className="text-right">
                  {t('dashboard.riskyAssets.openFindings')}
                </th>
              </tr>
            </thead>
            <tbody>
              {top.map((asset) => (
                <tr key={asset.id}>
                  <td className="max-w-[14rem]">
                    <Link
                      to={`/assets/${encodeURIComponent(asset.id)}`}
                      className="block truncate font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
                      title={asset.name}
                    >
                      {asset.name}
                    </Link>
                    <CriticalityBadge criticality={asset.criticality} />
                  </td>
                  <td>
                    <RiskScore score={asset.risk_score} />
                  </td>
                  <td className="text-right tabular-nums">{formatNumber(asset.open_findings.total ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.next_cursor && (
        <p className="text-xs text-slate-600 dark:text-slate-400">{t('dashboard.riskyAssets.partial', { count: page.items.length })}</p>
      )}
      <Link to="/assets" className="text-sm font-medium text-brand-700 underline dark:text-brand-100">
        {t('dashboard.riskyAssets.all')}
      </Link>
    </>
  );
}
