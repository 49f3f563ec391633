import { t } from '../../i18n';
import { Badge } from './shared/Badge';
import type { WebhookDelivery } from './types';

export function OutcomeBadge({ outcome }: { outcome: WebhookDelivery['outcome'] }) {
  const tone = outcome === 'delivered' ? 'good' : outcome === 'retrying' ? 'warn' : 'bad';
  return <Badge tone={tone}>{t(`settings.webhooks.outcome.${outcome}`)}</Badge>;
}

/** "HTTP 200 in 120 ms" or "no answer". */
export function responseText(delivery: WebhookDelivery): string {
  return delivery.status_code === 0
    ? t('settings.webhooks.noAnswer')
    : t('settings.webhooks.httpStatus', { code: String(delivery.status_code) });
}

export function durationText(delivery: WebhookDelivery): string {
  return t('settings.webhooks.ms', { ms: delivery.duration_ms });
}
