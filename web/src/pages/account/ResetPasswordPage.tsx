import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { TextField } from '../../components/TextField';
import { t } from '../../i18n';
import { AccountDone, AccountLayout, AccountLink, AccountProblem, FormAlert } from './AccountLayout';
import { accountErrorMessage, fieldErrors, validationSummary } from './accountErrors';
import { PasswordField } from './PasswordField';
import type { AcceptedAnswer, PasswordResetConfirmRequest } from './types';

/** /reset-password asks for the reset mail; /reset-password?token=... (the mail's link) sets the new password. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  return token ? <ConfirmReset key={token} token={token} /> : <RequestReset />;
}

function RequestReset() {
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: (address: string) => api.post<AcceptedAnswer>('/api/v1/auth/password-reset/request', { email: address }),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(email.trim());
  };

  if (request.isSuccess) {
    return (
      <AccountLayout title={t('account.reset.requestTitle')}>
        <AccountDone title={t('account.reset.sentTitle')}>
          <p>{t('account.reset.sentBody', { email: request.variables })}</p>
          <p>{t('account.reset.sentSpam')}</p>
        </AccountDone>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <button type="button" className="btn-secondary" onClick={() => request.reset()}>
            {t('account.reset.sendAnother')}
          </button>
          <AccountLink to="/sign-in" label="account.backToSignIn" />
        </div>
      </AccountLayout>
    );
  }

  const errors = fieldErrors(request.error);
  const alert = request.isError ? (validationSummary(errors, ['email']) ?? accountErrorMessage(request.error)) : null;
  return (
    <AccountLayout title={t('account.reset.requestTitle')}>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('account.reset.requestIntro')}</p>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {alert && <FormAlert message={alert} />}
        <TextField
          label={t('account.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={errors.email}
          maxLength={254}
          required
          autoFocus
        />
        <button type="submit" className="btn-primary w-full" disabled={request.isPending}>
          {request.isPending ? t('account.reset.requestSubmitting') : t('account.reset.requestSubmit')}
        </button>
      </form>
      <p className="text-center text-sm">
        <AccountLink to="/sign-in" label="account.backToSignIn" />
      </p>
    </AccountLayout>
  );
}

function ConfirmReset({ token }: { token: string }) {
  const navigate = useNavigate();
  const { me, signOut } = useAuth();
  const [password, setPassword] = useState('');
  const confirm = useMutation({
    mutationFn: (body: PasswordResetConfirmRequest) =>
      api.post<AcceptedAnswer>('/api/v1/auth/password-reset/confirm', body),
    onSuccess: async () => {
      // The reset ended every session of the account, this browser's too: drop it before going to sign-in.
      if (me) await signOut();
      navigate('/sign-in?reset=1', { replace: true });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate({ token, password });
  };

  const errors = fieldErrors(confirm.error);
  if (errors.token !== undefined) {
    return (
      <AccountLayout title={t('account.reset.confirmTitle')}>
        <AccountProblem title={t('account.reset.invalidTitle')} body={t('account.reset.invalidBody')}>
          <AccountLink to="/reset-password" label="account.reset.requestNew" />
        </AccountProblem>
      </AccountLayout>
    );
  }

  const alert = confirm.isError ? (validationSummary(errors, ['password']) ?? accountErrorMessage(confirm.error)) : null;
  return (
    <AccountLayout title={t('account.reset.confirmTitle')}>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('account.reset.confirmIntro')}</p>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {alert && <FormAlert message={alert} />}
        <PasswordField
          label={t('account.newPassword')}
          value={password}
          onChange={setPassword}
          email={me?.email ?? ''}
          error={errors.password}
          autoFocus
        />
        <button type="submit" className="btn-primary w-full" disabled={confirm.isPending || confirm.isSuccess}>
          {confirm.isPending || confirm.isSuccess ? t('account.reset.confirmSubmitting') : t('account.reset.confirmSubmit')}
        </button>
      </form>
      <p className="text-center text-sm">
        <AccountLink to="/sign-in" label="account.backToSignIn" />
      </p>
    </AccountLayout>
  );
}
