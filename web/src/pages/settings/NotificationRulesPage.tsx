import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { SEVERITIES } from '../../components/severity';
import { ErrorNotice } from '../../components/ErrorNotice';
import { t } from '../../i18n';
import { NotificationRuleForm, type RuleBody } from './NotificationRuleForm';
import { Badge } from './shared/Badge';
import { ConfirmDialog } from './shared/ConfirmDialog';
import { LoadMore } from './shared/LoadMore';
import { SectionHeader } from './shared/SectionHeader';
import { SuccessMessage } from './shared/SuccessMessage';
import { useCursorList } from './shared/useCursorList';
import type { NotificationRule, NotificationRuleList, Webhook } from './types';

const RULES_KEY = ['settings', 'notification-rules'] as const;
export const ALL_WEBHOOKS_KEY = ['settings', 'webhooks', 'all'] as const;

function channelSummary(rule: NotificationRule, webhooks: Webhook[]): string[] {
  const parts: string[] = [];
  const { in_app: inApp, email, webhook_ids: ids } = rule.channels;
  if (inApp) {
    const to = inApp.to ?? 'all';
    parts.push(
      to === 'roles'
        ? t('settings.rules.summary.inAppRoles', { roles: (inApp.roles ?? []).map((r) => t(`role.${r}`)).join(', ') })
        : t(`settings.rules.summary.inApp.${to}`),
    );
  }
  if (email) {
    const who = [...(email.addresses ?? []), ...(email.roles ?? []).map((r) => t(`role.${r}`))].join(', ');
    parts.push(t('settings.rules.summary.email', { who }));
  }
  for (const id of ids ?? []) {
    parts.push(t('settings.rules.summary.webhook', { name: webhooks.find((w) => w.id === id)?.name ?? id }));
  }
  return parts;
}

function conditionOf(rule: NotificationRule): string {
  if (rule.event === 'risk.expiring' && rule.days_before) return t('settings.rules.summary.daysBefore', { count: rule.days_before });
  const severity = SEVERITIES.find((s) => s === rule.min_severity);
  if (severity) return t('settings.rules.atLeast', { severity: t(`severity.${severity}`) });
  if (rule.event === 'finding.new' || rule.event === 'sla.breached') return t('settings.rules.anySeverity');
  return '';
}

/** Notification rules (org:manage): which events notify whom, through which channels. */
export function NotificationRulesPage() {
  const queryClient = useQueryClient();
  const rules = useCursorList<NotificationRule, NotificationRuleList>(RULES_KEY, '/api/v1/notification-rules');
  const webhooks = useQuery({
    queryKey: ALL_WEBHOOKS_KEY,
    queryFn: () => api.get<Page<Webhook>>('/api/v1/webhooks', { query: { limit: 200 } }),
  });
  const webhookList = webhooks.data?.items ?? [];
  const [editing, setEditing] = useState<NotificationRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<NotificationRule | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: RULES_KEY });
  const save = useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: RuleBody }) =>
      id
        ? api.patch<NotificationRule>(`/api/v1/notification-rules/${encodeURIComponent(id)}`, body)
        : api.post<NotificationRule>('/api/v1/notification-rules', body),
    onSuccess: (rule, { id }) => {
      setEditing(null);
      setDone(t(id ? 'settings.rules.updated' : 'settings.rules.created', { name: rule.name || t(`settings.rules.event.${rule.event}`) }));
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (rule: NotificationRule) => api.delete(`/api/v1/notification-rules/${encodeURIComponent(rule.id)}`),
    onSuccess: () => {
      setDeleting(null);
      setDone(t('settings.rules.deleted'));
      void refresh();
    },
  });

  const open = (target: NotificationRule | 'new') => {
    save.reset();
    setDone(null);
    setEditing(target);
  };

  return (
    <div className="space-y-4">
      <SectionHeader
        title={t('settings.rules.title')}
        description={t('settings.rules.description')}
        action={
          <button type="button" className="btn-primary" onClick={() => open('new')}>
            {t('settings.rules.add')}
          </button>
        }
      />
      <SuccessMessage>{done}</SuccessMessage>
      {rules.firstPage?.defaults_in_effect && (
        <div className="card text-sm">
          <p className="font-semibold">{t('settings.rules.defaultsTitle')}</p>
          <p className="mt-1 text-slate-700 dark:text-slate-300">{t('settings.rules.defaultsBody')}</p>
        </div>
      )}
      {rules.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : rules.isError && rules.items.length === 0 ? (
        <ErrorNotice title={t('settings.rules.loadFailed')} error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.items.length === 0 ? (
        <EmptyState title={t('settings.rules.emptyTitle')}>{t('settings.rules.emptyBody')}</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.rules.name')}</th>
                <th scope="col">{t('settings.rules.event')}</th>
                <th scope="col">{t('settings.rules.condition')}</th>
                <th scope="col">{t('settings.rules.channels')}</th>
                <th scope="col">{t('settings.rules.state')}</th>
                <th scope="col">
                  <span className="sr-only">{t('settings.common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.items.map((rule) => {
                const label = rule.name || t(`settings.rules.event.${rule.event}`);
                return (
                  <tr key={rule.id}>
                    <td className="font-medium">{rule.name || <span className="text-slate-600 dark:text-slate-400">{t('settings.rules.unnamed')}</span>}</td>
                    <td>{t(`settings.rules.event.${rule.event}`)}</td>
                    <td>{conditionOf(rule)}</td>
                    <td>
                      <ul className="space-y-0.5">
                        {channelSummary(rule, webhookList).map((part) => (
                          <li key={part}>{part}</li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {rule.enabled ? <Badge tone="good">{t('settings.common.enabled')}</Badge> : <Badge>{t('settings.common.disabled')}</Badge>}
                    </td>
                    <td>
                      <div className="flex justify-end gap-1">
                        <button type="button" className="btn-ghost" onClick={() => open(rule)} aria-label={t('settings.rules.editNamed', { name: label })}>
                          {t('settings.common.edit')}
                        </button>
                        <button
                          type="button"
                          className="btn-ghost text-red-700 dark:text-red-300"
                          onClick={() => {
                            remove.reset();
                            setDone(null);
                            setDeleting(rule);
                          }}
                          aria-label={t('settings.rules.deleteNamed', { name: label })}
                        >
                          {t('settings.common.delete')}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={rules} errorTitle={t('settings.rules.loadFailed')} />
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? t('settings.rules.addTitle') : t('settings.rules.editTitle')}
        onClose={() => setEditing(null)}
      >
        {editing !== null && (
          <NotificationRuleForm
            key={editing === 'new' ? 'new' : editing.id}
            rule={editing === 'new' ? null : editing}
            webhooks={webhookList}
            pending={save.isPending}
            error={save.error}
            onCancel={() => setEditing(null)}
            onSubmit={(body) => save.mutate({ id: editing === 'new' ? null : editing.id, body })}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t('settings.rules.deleteTitle')}
        confirmLabel={t('settings.common.delete')}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
        pending={remove.isPending}
        error={remove.error}
      >
        <p>{t('settings.rules.deleteBody', { name: deleting ? deleting.name || t(`settings.rules.event.${deleting.event}`) : '' })}</p>
      </ConfirmDialog>
    </div>
  );
}
