import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page, Role } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { formatDate, formatRelative, t } from '../../i18n';
import { Badge } from './shared/Badge';
import { ConfirmDialog } from './shared/ConfirmDialog';
import { FormAlert } from './shared/FormAlert';
import { fieldError, startOfLocalDay, toApiTime } from './shared/forms';
import { LoadMore } from './shared/LoadMore';
import { SecretOnce } from './shared/SecretOnce';
import { SectionHeader } from './shared/SectionHeader';
import { useCursorList } from './shared/useCursorList';
import { rolesUpTo, type ApiKey, type CreatedApiKey, type User } from './types';

const KEYS_KEY = ['settings', 'api-keys'] as const;

function keyState(key: ApiKey, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at && new Date(key.expires_at).getTime() <= now) return 'expired';
  return 'active';
}

/** The caller's API keys (an admin sees the organisation's): create one (its key shown once), revoke. */
export function ApiKeysPage() {
  const { me, can } = useAuth();
  const queryClient = useQueryClient();
  const keys = useCursorList<ApiKey>(KEYS_KEY, '/api/v1/api-keys');
  // Admins see other members' keys: name their owners when the role may list members.
  const members = useQuery({
    queryKey: ['settings', 'users', 'lookup'],
    queryFn: () => api.get<Page<User>>('/api/v1/users', { query: { limit: 200 } }),
    enabled: can('users:read'),
    staleTime: 60_000,
  });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/api-keys/${encodeURIComponent(id)}`),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: KEYS_KEY });
    },
  });
  if (!me) return null;

  const owner = (id: string) => {
    if (id === me.id) return t('settings.apiKeys.you');
    return members.data?.items.find((u) => u.id === id)?.email ?? id;
  };
  const showOwner = keys.items.some((k) => k.created_by !== me.id);

  return (
    <div className="space-y-6">
      <SectionHeader title={t('settings.apiKeys.title')} description={t('settings.apiKeys.description')} />
      {can('session') ? (
        <CreateKeyForm
          myRole={me.role}
          onCreated={(key) => {
            setCreated(key);
            void queryClient.invalidateQueries({ queryKey: KEYS_KEY });
          }}
        />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings.apiKeys.sessionOnly')}</p>
      )}
      {created && (
        <div className="max-w-2xl space-y-2">
          <SecretOnce
            label={t('settings.apiKeys.keyLabel', { name: created.name })}
            secret={created.key}
            warning={t('settings.apiKeys.storeNow')}
          />
          <button type="button" className="btn-ghost" onClick={() => setCreated(null)}>
            {t('settings.apiKeys.hideKey')}
          </button>
        </div>
      )}
      <div>
        <h3 className="mb-2 text-base font-semibold">{t('settings.apiKeys.listTitle')}</h3>
        {keys.isPending ? (
          <p role="status">{t('app.loading')}</p>
        ) : keys.isError && keys.items.length === 0 ? (
          <ErrorNotice title={t('settings.apiKeys.loadFailed')} error={keys.error} onRetry={() => void keys.refetch()} />
        ) : keys.items.length === 0 ? (
          <EmptyState title={t('settings.apiKeys.emptyTitle')}>{t('settings.apiKeys.emptyBody')}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('settings.apiKeys.name')}</th>
                  <th scope="col">{t('settings.apiKeys.prefix')}</th>
                  <th scope="col">{t('settings.apiKeys.role')}</th>
                  {showOwner && <th scope="col">{t('settings.apiKeys.owner')}</th>}
                  <th scope="col">{t('settings.apiKeys.created')}</th>
                  <th scope="col">{t('settings.apiKeys.expires')}</th>
                  <th scope="col">{t('settings.apiKeys.lastUsed')}</th>
                  <th scope="col">{t('settings.apiKeys.state')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('settings.common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.items.map((key) => {
                  const state = keyState(key);
                  return (
                    <tr key={key.id}>
                      <td className="font-medium">{key.name}</td>
                      <td>
                        <code className="font-mono text-xs">{key.prefix}…</code>
                      </td>
                      <td>{t(`role.${key.role}`)}</td>
                      {showOwner && <td className="break-all">{owner(key.created_by)}</td>}
                      <td>{formatDate(key.created_at, { dateStyle: 'medium' })}</td>
                      <td>{key.expires_at ? formatDate(key.expires_at, { dateStyle: 'medium' }) : t('settings.apiKeys.never')}</td>
                      <td>{key.last_used_at ? formatRelative(key.last_used_at) : t('settings.apiKeys.notUsed')}</td>
                      <td>
                        <Badge tone={state === 'active' ? 'good' : state === 'expired' ? 'warn' : 'neutral'}>
                          {t(`settings.apiKeys.state.${state}`)}
                        </Badge>
                      </td>
                      <td className="text-right">
                        {state !== 'revoked' && (
                          <button
                            type="button"
                            className="btn-ghost text-red-700 dark:text-red-300"
                            onClick={() => {
                              revoke.reset();
                              setRevoking(key);
                            }}
                            aria-label={t('settings.apiKeys.revokeNamed', { name: key.name })}
                          >
                            {t('settings.apiKeys.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore list={keys} errorTitle={t('settings.apiKeys.loadFailed')} />
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title={t('settings.apiKeys.revokeTitle')}
        confirmLabel={t('settings.apiKeys.revoke')}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        pending={revoke.isPending}
        error={revoke.error}
      >
        <p>{t('settings.apiKeys.revokeBody', { name: revoking?.name ?? '' })}</p>
      </ConfirmDialog>
    </div>
  );
}

function CreateKeyForm({ myRole, onCreated }: { myRole: Role; onCreated: (key: CreatedApiKey) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(myRole);
  const [expires, setExpires] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: (body: { name: string; role: Role; expires_at?: string }) =>
      api.post<CreatedApiKey>('/api/v1/api-keys', body),
    onSuccess: (key) => {
      setName('');
      setExpires('');
      setRole(myRole);
      onCreated(key);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(undefined);
    const body: { name: string; role: Role; expires_at?: string } = { name: name.trim(), role };
    if (expires) {
      const day = startOfLocalDay(expires);
      if (!day || day.getTime() <= Date.now()) {
        setLocalError(t('settings.apiKeys.expiresFuture'));
        return;
      }
      body.expires_at = toApiTime(day);
    }
    create.mutate(body);
  };
  return (
    <form onSubmit={onSubmit} noValidate className="card max-w-2xl space-y-4">
      <h3 className="text-base font-semibold">{t('settings.apiKeys.createTitle')}</h3>
      <FormAlert title={t('settings.apiKeys.createFailed')} error={create.error} fields={['name', 'role', 'expires_at']} />
      <div className="grid gap-4 md:grid-cols-3">
        <TextField
          label={t('settings.apiKeys.name')}
          value={name}
          onChange={setName}
          maxLength={200}
          required
          error={fieldError(create.error, 'name')}
        />
        <SelectField<Role>
          label={t('settings.apiKeys.role')}
          value={role}
          onChange={setRole}
          options={rolesUpTo(myRole).map((r) => ({ value: r, label: t(`role.${r}`) }))}
          error={fieldError(create.error, 'role')}
        />
        <TextField
          label={t('settings.apiKeys.expiresOn')}
          type="date"
          value={expires}
          onChange={setExpires}
          error={localError ?? fieldError(create.error, 'expires_at')}
        />
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">{t('settings.apiKeys.createHint')}</p>
      <button type="submit" className="btn-primary" disabled={create.isPending || name.trim() === ''}>
        {create.isPending ? t('settings.apiKeys.creating') : t('settings.apiKeys.create')}
      </button>
    </form>
  );
}
