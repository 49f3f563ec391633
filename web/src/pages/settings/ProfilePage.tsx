import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ME_QUERY_KEY } from '../../auth/AuthProvider';
import { TextField } from '../../components/TextField';
import { formatDate, t } from '../../i18n';
import { Badge } from './shared/Badge';
import { FormAlert } from './shared/FormAlert';
import { fieldError } from './shared/forms';
import { SectionHeader } from './shared/SectionHeader';
import { SuccessMessage } from './shared/SuccessMessage';

/** The signed-in user: the display name can be changed (PATCH /api/v1/me); e-mail and role are shown. */
export function ProfilePage() {
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [name, setName] = useState(me?.display_name ?? '');
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (displayName: string) => api.patch<Me>('/api/v1/me', { display_name: displayName }),
    onSuccess: (updated) => {
      queryClient.setQueryData(ME_QUERY_KEY, updated);
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      setSaved(true);
    },
  });

  if (!me) return null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate(name.trim());
  };

  return (
    <div className="space-y-6">
      <SectionHeader title={t('settings.profile.title')} description={t('settings.profile.description')} />
      <form onSubmit={onSubmit} noValidate className="card max-w-xl space-y-4">
        <FormAlert title={t('settings.profile.saveFailed')} error={save.error} fields={['display_name']} />
        <TextField
          label={t('settings.profile.displayName')}
          value={name}
          onChange={(value) => {
            setName(value);
            setSaved(false);
          }}
          autoComplete="name"
          maxLength={200}
          required
          error={fieldError(save.error, 'display_name')}
        />
        <div>
          <label className="label" htmlFor="settings-profile-email">
            {t('settings.profile.email')}
          </label>
          <input
            id="settings-profile-email"
            className="input bg-slate-50 dark:bg-slate-800"
            value={me.email}
            readOnly
            aria-describedby="settings-profile-email-hint"
          />
          <p id="settings-profile-email-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {t('settings.profile.emailHint')}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className="btn-primary" disabled={save.isPending || name.trim() === ''}>
            {save.isPending ? t('settings.common.saving') : t('settings.common.save')}
          </button>
          <SuccessMessage>{saved ? t('settings.profile.saved') : null}</SuccessMessage>
        </div>
      </form>
      <dl className="card grid max-w-xl grid-cols-1 gap-3 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium text-slate-600 dark:text-slate-400">{t('settings.profile.role')}</dt>
        <dd>{t(`role.${me.role}`)}</dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">{t('settings.profile.organisation')}</dt>
        <dd>{me.organization.name}</dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">{t('settings.profile.emailStatus')}</dt>
        <dd>
          {me.email_verified ? (
            <Badge tone="good">{t('settings.profile.verified')}</Badge>
          ) : (
            <Badge tone="warn">{t('settings.profile.unverified')}</Badge>
          )}
        </dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">{t('settings.profile.twoFactor')}</dt>
        <dd>
          {me.totp_enabled ? (
            <Badge tone="good">{t('settings.twoFactor.on')}</Badge>
          ) : (
            <Badge tone="warn">{t('settings.twoFactor.off')}</Badge>
          )}
        </dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">{t('settings.profile.memberSince')}</dt>
        <dd>{formatDate(me.created_at, { dateStyle: 'long' })}</dd>
      </dl>
      <p className="max-w-xl text-sm text-slate-600 dark:text-slate-400">{t('settings.profile.themeHint')}</p>
    </div>
  );
}
