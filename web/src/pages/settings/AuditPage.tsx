import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, type Query } from '../../api/client';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { formatDate, t } from '../../i18n';
import { Badge } from './shared/Badge';
import { FormAlert } from './shared/FormAlert';
import { fieldError, startOfLocalDay, toApiTime } from './shared/forms';
import { LoadMore } from './shared/LoadMore';
import { SectionHeader } from './shared/SectionHeader';
import { useCursorList } from './shared/useCursorList';
import type { AuditEntry, AuditOutcome, User } from './types';

interface Filters {
  action: string;
  actor: string;
  outcome: '' | AuditOutcome;
  since: string;
  until: string;
}

const EMPTY: Filters = { action: '', actor: '', outcome: '', since: '', until: '' };
const OUTCOME_TONE = { success: 'good', failure: 'bad', denied: 'warn' } as const;

/** The filters as the API's query: dates are local days, `until` the end of its day. */
function toQuery(filters: Filters): Query {
  const since = startOfLocalDay(filters.since);
  const untilDay = startOfLocalDay(filters.until);
  const until = untilDay ? new Date(untilDay.getFullYear(), untilDay.getMonth(), untilDay.getDate() + 1) : null;
  return {
    action: filters.action.trim() || undefined,
    actor: filters.actor || undefined,
    outcome: filters.outcome || undefined,
    since: since ? toApiTime(since) : undefined,
    until: until ? toApiTime(until) : undefined,
  };
}

/** The organisation's audit trail (audit:read), newest first, with the API's filters. */
export function AuditPage() {
  const { can } = useAuth();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const query = toQuery(applied);
  const entries = useCursorList<AuditEntry>(['settings', 'audit', query], '/api/v1/audit', { query });
  const members = useQuery({
    queryKey: ['settings', 'users', 'lookup'],
    queryFn: () => api.get<Page<User>>('/api/v1/users', { query: { limit: 200 } }),
    enabled: can('users:read'),
    staleTime: 60_000,
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
  };
  const reset = () => {
    setDraft(EMPTY);
    setApplied(EMPTY);
  };
  const set = <K extends keyof Filters>(key: K) => (value: Filters[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const filterError = entries.isError && entries.items.length === 0 ? entries.error : null;
  const filtered = JSON.stringify(applied) !== JSON.stringify(EMPTY);

  return (
    <div className="space-y-4">
      <SectionHeader title={t('settings.audit.title')} description={t('settings.audit.description')} />
      <form onSubmit={onSubmit} noValidate className="card space-y-4" aria-label={t('settings.audit.filters')}>
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-5">
          <TextField
            label={t('settings.audit.action')}
            value={draft.action}
            onChange={set('action')}
            placeholder="auth.*"
            maxLength={200}
            error={fieldError(filterError, 'action')}
          />
          {members.data ? (
            <SelectField
              label={t('settings.audit.actor')}
              value={draft.actor}
              onChange={set('actor')}
              options={[
                { value: '', label: t('settings.audit.anyone') },
                ...members.data.items.map((u) => ({ value: u.id, label: u.display_name ? `${u.display_name} (${u.email})` : u.email })),
              ]}
              error={fieldError(filterError, 'actor')}
            />
          ) : (
            <TextField
              label={t('settings.audit.actorId')}
              value={draft.actor}
              onChange={set('actor')}
              maxLength={200}
              error={fieldError(filterError, 'actor')}
            />
          )}
          <SelectField<Filters['outcome']>
            label={t('settings.audit.outcome')}
            value={draft.outcome}
            onChange={set('outcome')}
            options={[
              { value: '', label: t('settings.audit.anyOutcome') },
              { value: 'success', label: t('settings.audit.outcome.success') },
              { value: 'failure', label: t('settings.audit.outcome.failure') },
              { value: 'denied', label: t('settings.audit.outcome.denied') },
            ]}
            error={fieldError(filterError, 'outcome')}
          />
          <TextField
            label={t('settings.audit.since')}
            type="date"
            value={draft.since}
            onChange={set('since')}
            error={fieldError(filterError, 'since')}
          />
          <TextField
            label={t('settings.audit.until')}
            type="date"
            value={draft.until}
            onChange={set('until')}
            error={fieldError(filterError, 'until')}
          />
        </div>
        <p className="text-xs text-slate-600 dark:text-slate-400">{t('settings.audit.actionHint')}</p>
        <div className="flex gap-2">
          <button type="submit" className="btn-primary" disabled={entries.isFetching && !entries.isFetchingNextPage}>
            {t('settings.audit.apply')}
          </button>
          <button type="button" className="btn-secondary" onClick={reset}>
            {t('settings.audit.reset')}
          </button>
        </div>
      </form>

      {entries.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : filterError ? (
        <>
          <FormAlert
            title={t('settings.audit.loadFailed')}
            error={filterError}
            fields={['action', 'actor', 'outcome', 'since', 'until']}
          />
          <button type="button" className="btn-secondary" onClick={() => void entries.refetch()}>
            {t('error.retry')}
          </button>
        </>
      ) : entries.items.length === 0 ? (
        <EmptyState title={filtered ? t('settings.audit.noMatchTitle') : t('settings.audit.emptyTitle')}>
          {filtered ? t('settings.audit.noMatchBody') : t('settings.audit.emptyBody')}
        </EmptyState>
      ) : (
        // Wider than the page at 1280 px: the scrolling box takes focus so the keyboard can scroll it.
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={t('settings.nav.audit')}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.audit.at')}</th>
                <th scope="col">{t('settings.audit.actor')}</th>
                <th scope="col">{t('settings.audit.action')}</th>
                <th scope="col">{t('settings.audit.object')}</th>
                <th scope="col">{t('settings.audit.outcome')}</th>
                <th scope="col">{t('settings.audit.summary')}</th>
                <th scope="col">{t('settings.audit.client')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.items.map((entry) => (
                <tr key={entry.id}>
                  <td className="min-w-[7.5rem]">{formatDate(entry.at, { dateStyle: 'medium', timeStyle: 'medium' })}</td>
                  <td className="min-w-[10rem] break-all">{entry.actor_label}</td>
                  <td>
                    <code className="text-xs">{entry.action}</code>
                  </td>
                  <td className="min-w-[10rem] break-all text-xs">
                    {entry.object_type}
                    {entry.object_id && <span className="block font-mono text-slate-600 dark:text-slate-400">{entry.object_id}</span>}
                  </td>
                  <td>
                    <Badge tone={OUTCOME_TONE[entry.outcome] ?? 'neutral'}>{t(`settings.audit.outcome.${entry.outcome}`)}</Badge>
                  </td>
                  <td className="min-w-[12rem]">{entry.summary}</td>
                  <td className="whitespace-nowrap font-mono text-xs">{entry.client_ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={entries} errorTitle={t('settings.audit.loadFailed')} />
    </div>
  );
}
