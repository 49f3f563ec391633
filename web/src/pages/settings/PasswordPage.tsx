import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { t } from '../../i18n';
import { SectionHeader } from './shared/SectionHeader';
import { SuccessMessage } from './shared/SuccessMessage';

/**
 * The API has no password change for a signed-in user (only the mailed reset link), so this section sends that link
 * to the caller's own address, or leads to the reset page.
 */
export function PasswordPage() {
  const { me } = useAuth();
  const send = useMutation({
    mutationFn: (email: string) => api.post('/api/v1/auth/password-reset/request', { email }),
  });
  if (!me) return null;
  return (
    <div className="space-y-6">
      <SectionHeader title={t('settings.password.title')} description={t('settings.password.description')} />
      <div className="card max-w-xl space-y-4 text-sm">
        <p>{t('settings.password.howItWorks', { email: me.email })}</p>
        <p className="text-slate-600 dark:text-slate-400">{t('settings.password.sessionsEnd')}</p>
        {send.isError && <ErrorNotice title={t('settings.password.sendFailed')} error={send.error} />}
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            className="btn-primary"
            onClick={() => send.mutate(me.email)}
            disabled={send.isPending}
          >
            {send.isPending ? t('settings.password.sending') : t('settings.password.send')}
          </button>
          <Link to="/reset-password" className="text-brand-700 underline dark:text-brand-100">
            {t('settings.password.openResetPage')}
          </Link>
        </div>
        <SuccessMessage>{send.isSuccess ? t('settings.password.sent', { email: me.email }) : null}</SuccessMessage>
      </div>
    </div>
  );
}
