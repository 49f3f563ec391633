import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Role } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, t } from '../../i18n';
import { Badge } from './shared/Badge';
import { ConfirmDialog } from './shared/ConfirmDialog';
import { LoadMore } from './shared/LoadMore';
import { SectionHeader } from './shared/SectionHeader';
import { SuccessMessage } from './shared/SuccessMessage';
import { useCursorList } from './shared/useCursorList';
import { ROLES, type User } from './types';

const USERS_KEY = ['settings', 'users'] as const;

type Pending =
  | { kind: 'role'; user: User; role: Role }
  | { kind: 'deactivate'; user: User };

/** The organisation's members (users:read); role changes, deactivation and unlocking (users:manage). */
export function MembersPage() {
  const { me, can } = useAuth();
  const manage = can('users:manage');
  const queryClient = useQueryClient();
  const users = useCursorList<User>(USERS_KEY, '/api/v1/users');
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['settings', 'users'] });
  const changeRole = useMutation({
    mutationFn: ({ user, role }: { user: User; role: Role }) =>
      api.patch<User>(`/api/v1/users/${encodeURIComponent(user.id)}`, { role }),
    onSuccess: (user) => {
      setPending(null);
      setDone(t('settings.members.roleChanged', { name: user.display_name || user.email, role: t(`role.${user.role}`) }));
      void refresh();
    },
  });
  const deactivate = useMutation({
    mutationFn: (user: User) => api.post<User>(`/api/v1/users/${encodeURIComponent(user.id)}/deactivate`),
    onSuccess: (user) => {
      setPending(null);
      setDone(t('settings.members.deactivated', { name: user.display_name || user.email }));
      void refresh();
    },
  });
  const reactivate = useMutation({
    mutationFn: (user: User) => api.post<User>(`/api/v1/users/${encodeURIComponent(user.id)}/reactivate`),
    onMutate: () => setActionError(null),
    onSuccess: (user) => {
      setDone(t('settings.members.reactivated', { name: user.display_name || user.email }));
      void refresh();
    },
    onError: setActionError,
  });
  const unlock = useMutation({
    mutationFn: (user: User) => api.post(`/api/v1/users/${encodeURIComponent(user.id)}/unlock`),
    onMutate: () => setActionError(null),
    onSuccess: (_answer, user) => setDone(t('settings.members.unlocked', { name: user.display_name || user.email })),
    onError: setActionError,
  });

  const openDialog = (next: Pending) => {
    changeRole.reset();
    deactivate.reset();
    setDone(null);
    setPending(next);
  };
  const confirmPending = () => {
    if (!pending) return;
    if (pending.kind === 'role') changeRole.mutate({ user: pending.user, role: pending.role });
    else deactivate.mutate(pending.user);
  };
  const dialogMutation = pending?.kind === 'role' ? changeRole : deactivate;
  const busy = reactivate.isPending || unlock.isPending;

  return (
    <div className="space-y-4">
      <SectionHeader
        title={t('settings.members.title')}
        description={manage ? t('settings.members.descriptionManage') : t('settings.members.descriptionRead')}
      />
      <SuccessMessage>{done}</SuccessMessage>
      {actionError ? <ErrorNotice title={t('settings.common.actionFailed')} error={actionError} /> : null}
      {users.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : users.isError && users.items.length === 0 ? (
        <ErrorNotice title={t('settings.members.loadFailed')} error={users.error} onRetry={() => void users.refetch()} />
      ) : users.items.length === 0 ? (
        <EmptyState title={t('settings.members.emptyTitle')}>{t('settings.members.emptyBody')}</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.members.member')}</th>
                <th scope="col">{t('settings.members.role')}</th>
                <th scope="col">{t('settings.members.status')}</th>
                <th scope="col">{t('settings.members.twoFactor')}</th>
                <th scope="col">{t('settings.members.joined')}</th>
                {manage && (
                  <th scope="col">
                    <span className="sr-only">{t('settings.common.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {users.items.map((user) => {
                const self = user.id === me?.id;
                const name = user.display_name || user.email;
                return (
                  <tr key={user.id}>
                    <td>
                      <div className="font-medium">
                        {name}
                        {self && <span className="ml-1 text-slate-600 dark:text-slate-400">{t('settings.members.youSuffix')}</span>}
                      </div>
                      <div className="break-all text-xs text-slate-600 dark:text-slate-400">{user.email}</div>
                    </td>
                    <td>
                      {manage ? (
                        <>
                          <label htmlFor={`role-${user.id}`} className="sr-only">
                            {t('settings.members.roleOf', { name })}
                          </label>
                          <select
                            id={`role-${user.id}`}
                            className="input w-32 py-1"
                            value={user.role}
                            onChange={(e) => openDialog({ kind: 'role', user, role: e.target.value as Role })}
                          >
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {t(`role.${r}`)}
                              </option>
                            ))}
                          </select>
                        </>
                      ) : (
                        t(`role.${user.role}`)
                      )}
                    </td>
                    <td>
                      <div className="flex flex-wrap gap-1">
                        {user.active ? (
                          <Badge tone="good">{t('settings.members.active')}</Badge>
                        ) : (
                          <Badge tone="neutral">{t('settings.members.inactive')}</Badge>
                        )}
                        {!user.email_verified && <Badge tone="warn">{t('settings.members.unverified')}</Badge>}
                      </div>
                    </td>
                    <td>{user.totp_enabled ? t('settings.twoFactor.on') : t('settings.twoFactor.off')}</td>
                    <td>{formatDate(user.created_at, { dateStyle: 'medium' })}</td>
                    {manage && (
                      <td>
                        <div className="flex flex-wrap justify-end gap-1">
                          {user.active ? (
                            !self && (
                              <button
                                type="button"
                                className="btn-ghost text-red-700 dark:text-red-300"
                                onClick={() => openDialog({ kind: 'deactivate', user })}
                                aria-label={t('settings.members.deactivateNamed', { name })}
                              >
                                {t('settings.members.deactivate')}
                              </button>
                            )
                          ) : (
                            <button
                              type="button"
                              className="btn-ghost"
                              disabled={busy}
                              onClick={() => reactivate.mutate(user)}
                              aria-label={t('settings.members.reactivateNamed', { name })}
                            >
                              {t('settings.members.reactivate')}
                            </button>
                          )}
                          <button
                            type="button"
                            className="btn-ghost"
                            disabled={busy}
                            onClick={() => unlock.mutate(user)}
                            aria-label={t('settings.members.unlockNamed', { name })}
                          >
                            {t('settings.members.unlock')}
                          </button>
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={users} errorTitle={t('settings.members.loadFailed')} />
      {manage && <p className="text-xs text-slate-600 dark:text-slate-400">{t('settings.members.unlockHint')}</p>}
      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === 'role' ? t('settings.members.roleTitle') : t('settings.members.deactivateTitle')}
        confirmLabel={pending?.kind === 'role' ? t('settings.members.changeRole') : t('settings.members.deactivate')}
        danger={pending?.kind !== 'role'}
        onClose={() => setPending(null)}
        onConfirm={confirmPending}
        pending={dialogMutation.isPending}
        error={dialogMutation.error}
      >
        {pending?.kind === 'role' && (
          <p>
            {t('settings.members.roleBody', {
              name: pending.user.display_name || pending.user.email,
              from: t(`role.${pending.user.role}`),
              to: t(`role.${pending.role}`),
            })}
          </p>
        )}
        {pending?.kind === 'deactivate' && (
          <p>{t('settings.members.deactivateBody', { name: pending.user.display_name || pending.user.email })}</p>
        )}
      </ConfirmDialog>
    </div>
  );
}
