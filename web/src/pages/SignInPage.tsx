import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError, type ApiError } from '../api/problem';
import { useAuth } from '../auth/AuthContext';
import { safeNextPath } from '../auth/RequireAuth';
import { t, type MessageKey } from '../i18n';
import { ThemeToggle } from '../theme/ThemeToggle';
import { signInErrorMessage } from './signInErrors';
import { TextField } from '../components/TextField';

type Step = 'password' | 'totp';

// Where a visitor comes from (?reset=1 after a password reset...), and what to tell them.
const ARRIVAL_MESSAGES: ReadonlyArray<[string, MessageKey]> = [
  ['reset', 'account.signIn.reset'],
  ['verified', 'account.signIn.verified'],
  ['invited', 'account.signIn.invited'],
];
const ACCOUNT_LINK = 'font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100';

/** Sign in with e-mail and password, then the second factor when the account has one. */
export function SignInPage() {
  const { me, signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const arrival = ARRIVAL_MESSAGES.find(([param]) => params.get(param) === '1')?.[1];
  const [step, setStep] = useState<Step>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (step === 'totp') codeRef.current?.focus();
  }, [step]);

  if (me) return <Navigate to={next} replace />;

  const fieldError = (field: string) => (isApiError(error) ? (error as ApiError).fieldError(field) : undefined);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      const totp = code.replace(/\s+/g, '');
      await signIn(step === 'totp' ? { email, password, totp_code: totp } : { email, password });
      navigate(next, { replace: true });
    } catch (caught) {
      if (step === 'password' && isApiError(caught) && caught.slug === 'totp-required') {
        setStep('totp');
      } else {
        setError(caught);
        if (step === 'totp') setCode('');
      }
    } finally {
      setSubmitting(false);
    }
  };

  const backToPassword = () => {
    setStep('password');
    setPassword('');
    setCode('');
    setError(null);
  };

  const showFieldErrors = isApiError(error) && error.slug === 'validation-failed';
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4">
      <div className="absolute right-4 top-4">
        <ThemeToggle />
      </div>
      <main className="w-full max-w-sm">
        <h1 className="mb-6 text-center text-2xl font-bold">
          {step === 'password' ? t('signIn.title') : t('signIn.totpTitle')}
        </h1>
        <form
          onSubmit={onSubmit}
          noValidate
          className="space-y-4 rounded-lg border border-slate-200 p-6 shadow-sm dark:border-slate-800"
        >
          {arrival && step === 'password' && error === null && (
            <p
              role="status"
              className="rounded-md bg-green-50 p-3 text-sm text-green-900 dark:bg-green-950 dark:text-green-100"
            >
              {t(arrival)}
            </p>
          )}
          {error !== null && !showFieldErrors && (
            <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
              {signInErrorMessage(error, step)}
            </p>
          )}
          {step === 'password' ? (
            <>
              <TextField
                label={t('signIn.email')}
                type="email"
                autoComplete="username"
                value={email}
                onChange={setEmail}
                error={showFieldErrors ? fieldError('email') : undefined}
                required
                autoFocus
              />
              <TextField
                label={t('signIn.password')}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={setPassword}
                error={showFieldErrors ? fieldError('password') : undefined}
                required
              />
            </>
          ) : (
            <>
              <p className="text-sm text-slate-600 dark:text-slate-400">{t('signIn.totpHelp')}</p>
              <TextField
                ref={codeRef}
                label={t('signIn.totpCode')}
                autoComplete="one-time-code"
                value={code}
                onChange={setCode}
                error={showFieldErrors ? fieldError('totp_code') : undefined}
                required
              />
            </>
          )}
          <button type="submit" className="btn-primary w-full" disabled={submitting}>
            {submitting ? t('signIn.submitting') : step === 'password' ? t('signIn.submit') : t('signIn.verify')}
          </button>
          {step === 'totp' && (
            <button type="button" className="btn-secondary w-full" onClick={backToPassword}>
              {t('signIn.back')}
            </button>
          )}
        </form>
        {step === 'password' && (
          <nav aria-label={t('account.signIn.navLabel')} className="mt-4 flex flex-wrap justify-between gap-2 text-sm">
            <Link to="/reset-password" className={ACCOUNT_LINK}>
              {t('account.signIn.forgotPassword')}
            </Link>
            <Link to="/sign-up" className={ACCOUNT_LINK}>
              {t('account.signIn.createAccount')}
            </Link>
          </nav>
        )}
      </main>
    </div>
  );
}
