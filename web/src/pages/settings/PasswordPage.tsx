import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { TextField } from '../../components/TextField';
import { t } from '../../i18n';
import { PasswordField } from '../account/PasswordField';
import { FormAlert } from './shared/FormAlert';
import { fieldError } from './shared/forms';
import { SectionHeader } from './shared/SectionHeader';
import { SuccessMessage } from './shared/SuccessMessage';

interface ChangePasswordAnswer {
  sessions_revoked: number;
}

/**
 * The signed-in user's password: the current one, then the new one twice (POST /api/v1/me/password). The server
 * ends every other session; this one goes on. A forgotten password goes through the reset link instead.
 */
export function PasswordPage() {
  const { me, can } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [revoked, setRevoked] = useState<number | null>(null);
  const change = useMutation({
    mutationFn: () =>
      api.post<ChangePasswordAnswer>('/api/v1/me/password', { current_password: current, new_password: next }),
    onSuccess: (answer) => {
      setRevoked(answer.sessions_revoked);
      setCurrent('');
      setNext('');
      setRepeat('');
    },
  });
  if (!me) return null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setRevoked(null);
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate();
  };

  return (
    <div className="space-y-6">
      <SectionHeader title={t('settings.password.title')} description={t('settings.password.description')} />
      {!can('session') ? (
        <p className="card max-w-xl text-sm">{t('settings.password.sessionOnly')}</p>
      ) : (
        <form onSubmit={onSubmit} noValidate className="card max-w-xl space-y-4">
          <FormAlert
            title={t('settings.password.changeFailed')}
            error={change.error}
            fields={['current_password', 'new_password']}
          />
          <TextField
            label={t('settings.password.current')}
            type="password"
            value={current}
            onChange={setCurrent}
            autoComplete="current-password"
            required
            error={fieldError(change.error, 'current_password')}
          />
          <PasswordField
            label={t('settings.password.new')}
            value={next}
            onChange={setNext}
            email={me.email}
            error={fieldError(change.error, 'new_password')}
          />
          <TextField
            label={t('settings.password.repeat')}
            type="password"
            value={repeat}
            onChange={(value) => {
              setRepeat(value);
              setMismatch(false);
            }}
            autoComplete="new-password"
            required
            error={mismatch ? t('settings.password.mismatch') : undefined}
          />
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings.password.sessionsEnd')}</p>
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="submit"
              className="btn-primary"
              disabled={change.isPending || current === '' || next === '' || repeat === ''}
            >
              {change.isPending ? t('settings.common.saving') : t('settings.password.submit')}
            </button>
            <SuccessMessage>
              {revoked !== null ? t('settings.password.changed', { count: revoked }) : null}
            </SuccessMessage>
          </div>
        </form>
      )}
      <p className="max-w-xl text-sm">
        {t('settings.password.forgot')}{' '}
        <Link to="/reset-password" className="text-brand-700 underline dark:text-brand-100">
          {t('settings.password.openResetPage')}
        </Link>
      </p>
    </div>
  );
}
