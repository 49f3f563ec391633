import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Role } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { formatDate, t } from '../../i18n';
import { Badge, type BadgeTone } from './shared/Badge';
import { ConfirmDialog } from './shared/ConfirmDialog';
import { FormAlert } from './shared/FormAlert';
import { fieldError } from './shared/forms';
import { LoadMore } from './shared/LoadMore';
import { SectionHeader } from './shared/SectionHeader';
import { SuccessMessage } from './shared/SuccessMessage';
import { useCursorList } from './shared/useCursorList';
import { ROLES, type Invitation } from './types';

const INVITATIONS_KEY = ['settings', 'invitations'] as const;

type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';
const STATE_TONE: Record<InvitationState, BadgeTone> = { pending: 'warn', accepted: 'good', revoked: 'neutral', expired: 'neutral' };

function invitationState(invitation: Invitation, now = Date.now()): InvitationState {
  if (invitation.accepted_at) return 'accepted';
  if (invitation.revoked_at) return 'revoked';
  if (new Date(invitation.expires_at).getTime() <= now) return 'expired';
  return 'pending';
}

/** Invitations (users:manage): who was invited with which role, invite someone, revoke a pending invitation. */
export function InvitationsPage() {
  const queryClient = useQueryClient();
  const invitations = useCursorList<Invitation>(INVITATIONS_KEY, '/api/v1/invitations');
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (invitation: Invitation) => api.delete(`/api/v1/invitations/${encodeURIComponent(invitation.id)}`),
    onSuccess: (_answer, invitation) => {
      setRevoking(null);
      setDone(t('settings.invitations.revoked', { email: invitation.email }));
      void queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
  });

  return (
    <div className="space-y-6">
      <SectionHeader title={t('settings.invitations.title')} description={t('settings.invitations.description')} />
      <InviteForm
        onInvited={(invitation) => {
          setDone(t('settings.invitations.sent', { email: invitation.email }));
          void queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
        }}
      />
      <SuccessMessage>{done}</SuccessMessage>
      <div>
        <h3 className="mb-2 text-base font-semibold">{t('settings.invitations.listTitle')}</h3>
        {invitations.isPending ? (
          <p role="status">{t('app.loading')}</p>
        ) : invitations.isError && invitations.items.length === 0 ? (
          <ErrorNotice
            title={t('settings.invitations.loadFailed')}
            error={invitations.error}
            onRetry={() => void invitations.refetch()}
          />
        ) : invitations.items.length === 0 ? (
          <EmptyState title={t('settings.invitations.emptyTitle')}>{t('settings.invitations.emptyBody')}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('settings.invitations.email')}</th>
                  <th scope="col">{t('settings.invitations.role')}</th>
                  <th scope="col">{t('settings.invitations.state')}</th>
                  <th scope="col">{t('settings.invitations.invitedOn')}</th>
                  <th scope="col">{t('settings.invitations.expires')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('settings.common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.items.map((invitation) => {
                  const state = invitationState(invitation);
                  return (
                    <tr key={invitation.id}>
                      <td className="break-all font-medium">{invitation.email}</td>
                      <td>{t(`role.${invitation.role}`)}</td>
                      <td>
                        <Badge tone={STATE_TONE[state]}>{t(`settings.invitations.state.${state}`)}</Badge>
                      </td>
                      <td>{formatDate(invitation.created_at, { dateStyle: 'medium' })}</td>
                      <td>{formatDate(invitation.expires_at)}</td>
                      <td className="text-right">
                        {state === 'pending' && (
                          <button
                            type="button"
                            className="btn-ghost text-red-700 dark:text-red-300"
                            onClick={() => {
                              revoke.reset();
                              setDone(null);
                              setRevoking(invitation);
                            }}
                            aria-label={t('settings.invitations.revokeNamed', { email: invitation.email })}
                          >
                            {t('settings.invitations.revoke')}
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
        <LoadMore list={invitations} errorTitle={t('settings.invitations.loadFailed')} />
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title={t('settings.invitations.revokeTitle')}
        confirmLabel={t('settings.invitations.revoke')}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        pending={revoke.isPending}
        error={revoke.error}
      >
        <p>{t('settings.invitations.revokeBody', { email: revoking?.email ?? '' })}</p>
      </ConfirmDialog>
    </div>
  );
}

function InviteForm({ onInvited }: { onInvited: (invitation: Invitation) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const invite = useMutation({
    mutationFn: (body: { email: string; role: Role }) => api.post<Invitation>('/api/v1/invitations', body),
    onSuccess: (invitation) => {
      setEmail('');
      onInvited(invitation);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email: email.trim(), role });
  };
  return (
    <form onSubmit={onSubmit} noValidate className="card max-w-2xl space-y-4">
      <h3 className="text-base font-semibold">{t('settings.invitations.inviteTitle')}</h3>
      <FormAlert title={t('settings.invitations.inviteFailed')} error={invite.error} fields={['email', 'role']} />
      <div className="grid gap-4 md:grid-cols-[1fr_12rem]">
        <TextField
          label={t('settings.invitations.email')}
          type="email"
          autoComplete="off"
          value={email}
          onChange={setEmail}
          maxLength={254}
          required
          error={fieldError(invite.error, 'email')}
        />
        <SelectField<Role>
          label={t('settings.invitations.role')}
          value={role}
          onChange={setRole}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          error={fieldError(invite.error, 'role')}
        />
      </div>
      <button type="submit" className="btn-primary" disabled={invite.isPending || email.trim() === ''}>
        {invite.isPending ? t('settings.invitations.inviting') : t('settings.invitations.invite')}
      </button>
    </form>
  );
}
