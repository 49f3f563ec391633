import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { TextField } from '../../components/TextField';
import { t } from '../../i18n';
import { AccountLayout, AccountLink, AccountProblem, FormAlert } from './AccountLayout';
import { accountErrorMessage, fieldErrors, signupRefusal, validationSummary } from './accountErrors';
import { PasswordField } from './PasswordField';
import type { AcceptedAnswer, RegisterRequest } from './types';

const FORM_FIELDS = ['email', 'display_name', 'password'] as const;

type Outcome = 'signed-in' | 'sign-in-needed';

/**
 * The target of the invitation mail's link: registers with the invitation token (the account joins the inviting
 * organisation, already verified), then signs in with the same credentials. The register answer carries no
 * session, and no public route reads an invitation by its token, so the invited address is typed here.
 */
export function AcceptInvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const navigate = useNavigate();
  const { signIn } = useAuth();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [signingIn, setSigningIn] = useState(false);

  const accept = useMutation({
    mutationFn: async (body: RegisterRequest): Promise<Outcome> => {
      setSigningIn(false);
      await api.post<AcceptedAnswer>('/api/v1/auth/register', body);
      setSigningIn(true);
      try {
        await signIn({ email: body.email, password: body.password });
        return 'signed-in';
      } catch {
        // The address may already have had an account (the answer does not say), or a second factor is needed.
        return 'sign-in-needed';
      }
    },
    onSuccess: (outcome) => {
      navigate(outcome === 'signed-in' ? '/' : '/sign-in?invited=1', { replace: true });
    },
  });

  if (!token) {
    return (
      <AccountLayout title={t('account.invite.title')}>
        <AccountProblem title={t('account.invite.missingTitle')} body={t('account.invite.missingBody')}>
          <AccountLink to="/sign-in" label="account.goToSignIn" />
        </AccountProblem>
      </AccountLayout>
    );
  }

  const errors = fieldErrors(accept.error);
  if (errors.invitation_token !== undefined) {
    return (
      <AccountLayout title={t('account.invite.title')}>
        <AccountProblem title={t('account.invite.invalidTitle')} body={t('account.invite.invalidBody')}>
          <AccountLink to="/sign-in" label="account.goToSignIn" />
        </AccountProblem>
      </AccountLayout>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body: RegisterRequest = { email: email.trim(), password, invitation_token: token };
    if (displayName.trim()) body.display_name = displayName.trim();
    accept.mutate(body);
  };

  const busy = accept.isPending || accept.isSuccess;
  const alert = accept.isError
    ? (signupRefusal(accept.error) ?? validationSummary(errors, FORM_FIELDS) ?? accountErrorMessage(accept.error))
    : null;
  return (
    <AccountLayout title={t('account.invite.title')}>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('account.invite.intro')}</p>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {alert && <FormAlert message={alert} />}
        <div>
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
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t('account.invite.emailHelp')}</p>
        </div>
        <TextField
          label={t('account.displayName')}
          autoComplete="name"
          value={displayName}
          onChange={setDisplayName}
          error={errors.display_name}
          maxLength={200}
        />
        <PasswordField label={t('account.password')} value={password} onChange={setPassword} email={email} error={errors.password} />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {!busy ? t('account.invite.submit') : signingIn ? t('account.invite.signingIn') : t('account.invite.submitting')}
        </button>
      </form>
      <p className="text-center text-sm">
        <AccountLink to="/sign-in" label="account.backToSignIn" />
      </p>
    </AccountLayout>
  );
}
