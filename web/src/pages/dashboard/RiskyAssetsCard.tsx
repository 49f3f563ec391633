// The assets with the highest risk scores, ranked by the server (GET /api/v1/assets/riskiest).
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { formatNumber, t } from '../../i18n';
import { CriticalityBadge, RiskScore } from '../assets/AssetBits';
import type { Asset } from '../assets/types';
import { CardBody, ChartCard } from './ChartCard';
import { riskiestQuery } from './queries';


export function RiskyAssetsCard() {
  const assets = useQuery(riskiestQuery());
  const state = { pending: assets.isPending, error: assets.isError ? assets.error : null, retry: () => void assets.refetch() };
  return (
    <ChartCard title={t('dashboard.riskyAssets.title')} description={t('dashboard.riskyAssets.description')}>
      <CardBody state={state} errorTitle={t('dashboard.riskyAssets.loadFailed')}>
        {assets.isSuccess && <RiskyAssetsBody assets={assets.data.items} />}
      </CardBody>
    </ChartCard>
  );
}

function AllAssetsLink() {
  return (
    <Link to="/assets" className="text-sm font-medium text-brand-700 underline dark:text-brand-100">
      {t('dashboard.riskyAssets.all')}
    </Link>
  );
}

function RiskyAssetsBody({ assets }: { assets: readonly Asset[] }) {
  if (assets.length === 0) {
    return (
      <EmptyState title={t('dashboard.riskyAssets.noRiskTitle')}>
        <p>{t('dashboard.riskyAssets.noRiskBody')}</p>
        <p className="mt-2">
          <AllAssetsLink />
        </p>
      </EmptyState>
    );
  }
  return (
    <>
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
            {assets.map((asset) => (
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
      <AllAssetsLink />
    </>
  );
}
