import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, t } from '../../i18n';
import { durationText, OutcomeBadge, responseText } from './DeliveryOutcome';
import { LoadMore } from './shared/LoadMore';
import { SectionHeader } from './shared/SectionHeader';
import { useCursorList } from './shared/useCursorList';
import type { Webhook, WebhookDelivery } from './types';
import { WEBHOOKS_KEY } from './WebhooksPage';

/** The delivery log of one webhook, newest first, one row per attempt. */
export function WebhookDeliveriesPage() {
  const { id = '' } = useParams();
  const path = `/api/v1/webhooks/${encodeURIComponent(id)}`;
  const webhook = useQuery({ queryKey: [...WEBHOOKS_KEY, 'one', id], queryFn: () => api.get<Webhook>(path) });
  const deliveries = useCursorList<WebhookDelivery>([...WEBHOOKS_KEY, 'deliveries', id], `${path}/deliveries`);

  return (
    <div className="space-y-4">
      <Link to="/settings/webhooks" className="text-sm text-brand-700 underline dark:text-brand-100">
        {t('settings.webhooks.back')}
      </Link>
      <SectionHeader
        title={t('settings.webhooks.deliveriesTitle', { name: webhook.data?.name ?? '…' })}
        description={webhook.data ? <span className="break-all font-mono">{webhook.data.url}</span> : undefined}
      />
      {webhook.isError && <ErrorNotice title={t('settings.webhooks.loadOneFailed')} error={webhook.error} />}
      {deliveries.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : deliveries.isError && deliveries.items.length === 0 ? (
        <ErrorNotice
          title={t('settings.webhooks.deliveriesFailed')}
          error={deliveries.error}
          onRetry={() => void deliveries.refetch()}
        />
      ) : deliveries.items.length === 0 ? (
        <EmptyState title={t('settings.webhooks.noDeliveriesTitle')}>{t('settings.webhooks.noDeliveriesBody')}</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.webhooks.at')}</th>
                <th scope="col">{t('settings.webhooks.event')}</th>
                <th scope="col">{t('settings.webhooks.attempt')}</th>
                <th scope="col">{t('settings.webhooks.outcome')}</th>
                <th scope="col">{t('settings.webhooks.response')}</th>
                <th scope="col">{t('settings.webhooks.duration')}</th>
                <th scope="col">{t('settings.webhooks.error')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.items.map((d) => (
                <tr key={d.id}>
                  <td className="whitespace-nowrap">{formatDate(d.at, { dateStyle: 'medium', timeStyle: 'medium' })}</td>
                  <td>
                    <code className="text-xs">{d.event}</code>
                  </td>
                  <td>{d.attempt}</td>
                  <td>
                    <OutcomeBadge outcome={d.outcome} />
                  </td>
                  <td>{responseText(d)}</td>
                  <td>{durationText(d)}</td>
                  <td className="break-words text-red-700 dark:text-red-300">{d.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={deliveries} errorTitle={t('settings.webhooks.deliveriesFailed')} />
    </div>
  );
}
