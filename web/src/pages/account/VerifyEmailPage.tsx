import { useEffect, useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { t } from '../../i18n';
import { AccountDone, AccountLayout, AccountLink, AccountProblem } from './AccountLayout';
import { accountErrorMessage, fieldErrors } from './accountErrors';
import type { AcceptedAnswer } from './types';

/** The target of the verification mail's link: sends its token once, then says how it went. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const { me } = useAuth();
  const verify = useMutation({
    mutationFn: (value: string) => api.post<AcceptedAnswer>('/api/v1/auth/verify-email', { token: value }),
  });
  // A token works once: never send it twice (React's strict mode runs effects twice in development).
  const sent = useRef<string | null>(null);
  const { mutate } = verify;
  useEffect(() => {
    if (!token || sent.current === token) return;
    sent.current = token;
    mutate(token);
  }, [token, mutate]);

  let content;
  if (!token) {
    content = <AccountProblem title={t('account.verify.missingTitle')} body={t('account.verify.missingBody')} />;
  } else if (verify.isSuccess) {
    content = (
      <AccountDone title={t('account.verify.doneTitle')}>
        <p>{t('account.verify.doneBody')}</p>
        <p>
          {me ? (
            <AccountLink to="/" label="account.goToDashboard" />
          ) : (
            <AccountLink to="/sign-in?verified=1" label="account.goToSignIn" />
          )}
        </p>
      </AccountDone>
    );
  } else if (verify.isError) {
    const spent = fieldErrors(verify.error).token !== undefined;
    content = spent ? (
      <AccountProblem title={t('account.verify.invalidTitle')} body={t('account.verify.invalidBody')}>
        <AccountLink to="/sign-in" label="account.goToSignIn" />
      </AccountProblem>
    ) : (
      <AccountProblem title={t('account.verify.failedTitle')} body={accountErrorMessage(verify.error)}>
        <button type="button" className="btn-secondary" onClick={() => mutate(token)}>
          {t('error.retry')}
        </button>
      </AccountProblem>
    );
  } else {
    content = (
      <p role="status" className="flex items-center gap-3 text-sm">
        <span
          aria-hidden="true"
          className="h-4 w-4 animate-spin rounded-full border-2 border-brand-500 border-t-transparent motion-reduce:animate-none"
        />
        {t('account.verify.progress')}
      </p>
    );
  }

  return <AccountLayout title={t('account.verify.title')}>{content}</AccountLayout>;
}
