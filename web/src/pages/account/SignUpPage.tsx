import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { TextField } from '../../components/TextField';
import { t } from '../../i18n';
import { AccountDone, AccountLayout, AccountLink, FormAlert } from './AccountLayout';
import { accountErrorMessage, fieldErrors, signupRefusal, validationSummary } from './accountErrors';
import { PasswordField } from './PasswordField';
import type { AcceptedAnswer, RegisterRequest } from './types';

const FORM_FIELDS = ['email', 'display_name', 'organization', 'password'] as const;

/** Open sign-up: a new organisation with the caller as its admin, confirmed through a mailed link. */
export function SignUpPage() {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [organization, setOrganization] = useState('');
  const [password, setPassword] = useState('');

  const register = useMutation({
    mutationFn: (body: RegisterRequest) => api.post<AcceptedAnswer>('/api/v1/auth/register', body),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body: RegisterRequest = { email: email.trim(), password };
    if (displayName.trim()) body.display_name = displayName.trim();
    if (organization.trim()) body.organization = organization.trim();
    register.mutate(body);
  };

  if (register.isSuccess) {
    return (
      <AccountLayout title={t('account.signUp.title')}>
        <AccountDone title={t('account.signUp.doneTitle')}>
          <p>{t('account.signUp.doneBody', { email: register.variables.email })}</p>
          <p>{t('account.signUp.doneSpam')}</p>
          <p>
            <AccountLink to="/sign-in" label="account.goToSignIn" />
          </p>
        </AccountDone>
      </AccountLayout>
    );
  }

  const errors = fieldErrors(register.error);
  const refusal = signupRefusal(register.error);
  const summary = validationSummary(errors, FORM_FIELDS);
  const alert = register.isError ? (refusal ?? summary ?? accountErrorMessage(register.error)) : null;

  return (
    <AccountLayout title={t('account.signUp.title')}>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('account.signUp.intro')}</p>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {alert && <FormAlert message={alert} />}
        <TextField
          label={t('account.email')}
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
          error={errors.email}
          maxLength={254}
          required
          autoFocus
        />
        <TextField
          label={t('account.displayName')}
          autoComplete="name"
          value={displayName}
          onChange={setDisplayName}
          error={errors.display_name}
          maxLength={200}
        />
        <div>
          <TextField
            label={t('account.signUp.organization')}
            autoComplete="organization"
            value={organization}
            onChange={setOrganization}
            error={errors.organization}
            maxLength={200}
          />
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t('account.signUp.organizationHelp')}</p>
        </div>
        <PasswordField label={t('account.password')} value={password} onChange={setPassword} email={email} error={errors.password} />
        <button type="submit" className="btn-primary w-full" disabled={register.isPending}>
          {register.isPending ? t('account.signUp.submitting') : t('account.signUp.submit')}
        </button>
      </form>
      <p className="text-center text-sm text-slate-700 dark:text-slate-300">
        {t('account.signUp.haveAccount')} <AccountLink to="/sign-in" label="account.goToSignIn" />
      </p>
    </AccountLayout>
  );
}
