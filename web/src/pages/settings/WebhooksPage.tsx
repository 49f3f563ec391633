import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, t } from '../../i18n';
import { durationText, OutcomeBadge, responseText } from './DeliveryOutcome';
import { Badge } from './shared/Badge';
import { ConfirmDialog } from './shared/ConfirmDialog';
import { LoadMore } from './shared/LoadMore';
import { SecretOnce } from './shared/SecretOnce';
import { SectionHeader } from './shared/SectionHeader';
import { SuccessMessage } from './shared/SuccessMessage';
import { useCursorList } from './shared/useCursorList';
import type { CreatedWebhook, Webhook, WebhookDelivery } from './types';
import { WebhookForm, type WebhookBody } from './WebhookForm';

export const WEBHOOKS_KEY = ['settings', 'webhooks'] as const;

/** Webhooks (org:manage): signed HTTP POSTs for the events of the rules that name them. */
export function WebhooksPage() {
  const queryClient = useQueryClient();
  const webhooks = useCursorList<Webhook>([...WEBHOOKS_KEY, 'list'], '/api/v1/webhooks');
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, WebhookDelivery>>({});

  const refresh = () => queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });
  const save = useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: WebhookBody }) =>
      id
        ? api.patch<Webhook>(`/api/v1/webhooks/${encodeURIComponent(id)}`, body)
        : api.post<CreatedWebhook>('/api/v1/webhooks', body),
    onSuccess: (webhook, { id }) => {
      setEditing(null);
      if (!id && 'secret' in webhook) setCreated(webhook as CreatedWebhook);
      else setDone(t('settings.webhooks.updated', { name: webhook.name }));
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (webhook: Webhook) => api.delete(`/api/v1/webhooks/${encodeURIComponent(webhook.id)}`),
    onSuccess: (_answer, webhook) => {
      setDeleting(null);
      setDone(t('settings.webhooks.deleted', { name: webhook.name }));
      void refresh();
    },
  });
  const test = useMutation({
    mutationFn: (webhook: Webhook) => api.post<WebhookDelivery>(`/api/v1/webhooks/${encodeURIComponent(webhook.id)}/test`),
    onSuccess: (delivery, webhook) => {
      setTests((all) => ({ ...all, [webhook.id]: delivery }));
      void queryClient.invalidateQueries({ queryKey: [...WEBHOOKS_KEY, 'deliveries', webhook.id] });
    },
  });

  const open = (target: Webhook | 'new') => {
    save.reset();
    setDone(null);
    setEditing(target);
  };

  return (
    <div className="space-y-4">
      <SectionHeader
        title={t('settings.webhooks.title')}
        description={t('settings.webhooks.description')}
        action={
          <button type="button" className="btn-primary" onClick={() => open('new')}>
            {t('settings.webhooks.add')}
          </button>
        }
      />
      <SuccessMessage>{done}</SuccessMessage>
      {test.isError && <ErrorNotice title={t('settings.webhooks.testFailed')} error={test.error} />}
      {webhooks.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : webhooks.isError && webhooks.items.length === 0 ? (
        <ErrorNotice title={t('settings.webhooks.loadFailed')} error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : webhooks.items.length === 0 ? (
        <EmptyState title={t('settings.webhooks.emptyTitle')}>{t('settings.webhooks.emptyBody')}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {webhooks.items.map((webhook) => {
            const result = tests[webhook.id];
            const testing = test.isPending && test.variables?.id === webhook.id;
            return (
              <li key={webhook.id} className="card space-y-3">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <h3 className="font-semibold">{webhook.name}</h3>
                    <p className="break-all font-mono text-sm text-slate-700 dark:text-slate-300">{webhook.url}</p>
                    <div className="mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
                      {webhook.enabled ? (
                        <Badge tone="good">{t('settings.common.enabled')}</Badge>
                      ) : (
                        <Badge>{t('settings.common.disabled')}</Badge>
                      )}
                      {webhook.allow_private && <Badge tone="warn">{t('settings.webhooks.privateAllowed')}</Badge>}
                      <span>{t('settings.webhooks.secretHint', { hint: webhook.secret_hint })}</span>
                      <span>{t('settings.webhooks.createdOn', { date: formatDate(webhook.created_at, { dateStyle: 'medium' }) })}</span>
                    </div>
                  </div>
                  <div className="flex flex-wrap gap-1">
                    <button
                      type="button"
                      className="btn-secondary"
                      onClick={() => test.mutate(webhook)}
                      disabled={test.isPending}
                      aria-label={t('settings.webhooks.testNamed', { name: webhook.name })}
                    >
                      {testing ? t('settings.webhooks.testing') : t('settings.webhooks.test')}
                    </button>
                    <Link
                      to={`/settings/webhooks/${encodeURIComponent(webhook.id)}`}
                      className="btn-ghost"
                      aria-label={t('settings.webhooks.deliveriesNamed', { name: webhook.name })}
                    >
                      {t('settings.webhooks.deliveries')}
                    </Link>
                    <button
                      type="button"
                      className="btn-ghost"
                      onClick={() => open(webhook)}
                      aria-label={t('settings.webhooks.editNamed', { name: webhook.name })}
                    >
                      {t('settings.common.edit')}
                    </button>
                    <button
                      type="button"
                      className="btn-ghost text-red-700 dark:text-red-300"
                      onClick={() => {
                        remove.reset();
                        setDone(null);
                        setDeleting(webhook);
                      }}
                      aria-label={t('settings.webhooks.deleteNamed', { name: webhook.name })}
                    >
                      {t('settings.common.delete')}
                    </button>
                  </div>
                </div>
                {result && (
                  <p role="status" className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="font-medium">{t('settings.webhooks.testResult')}</span>
                    <OutcomeBadge outcome={result.outcome} />
                    <span>
                      {responseText(result)}, {durationText(result)}
                    </span>
                    {result.error && <span className="text-red-700 dark:text-red-300">{result.error}</span>}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore list={webhooks} errorTitle={t('settings.webhooks.loadFailed')} />
      <p className="text-xs text-slate-600 dark:text-slate-400">{t('settings.webhooks.rulesHint')}</p>

      <Dialog
        open={editing !== null}
        title={editing === 'new' ? t('settings.webhooks.addTitle') : t('settings.webhooks.editTitle')}
        onClose={() => setEditing(null)}
      >
        {editing !== null && (
          <WebhookForm
            key={editing === 'new' ? 'new' : editing.id}
            webhook={editing === 'new' ? null : editing}
            pending={save.isPending}
            error={save.error}
            onCancel={() => setEditing(null)}
            onSubmit={(body) => save.mutate({ id: editing === 'new' ? null : editing.id, body })}
          />
        )}
      </Dialog>
      <Dialog
        open={created !== null}
        title={t('settings.webhooks.createdTitle')}
        onClose={() => setCreated(null)}
        footer={
          <button type="button" className="btn-primary" onClick={() => setCreated(null)}>
            {t('settings.webhooks.secretStored')}
          </button>
        }
      >
        {created && (
          <SecretOnce
            label={t('settings.webhooks.secretLabel', { name: created.name })}
            secret={created.secret}
            warning={t('settings.webhooks.storeNow')}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t('settings.webhooks.deleteTitle')}
        confirmLabel={t('settings.common.delete')}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
        pending={remove.isPending}
        error={remove.error}
      >
        <p>{t('settings.webhooks.deleteBody', { name: deleting?.name ?? '' })}</p>
      </ConfirmDialog>
    </div>
  );
}
