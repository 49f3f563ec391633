import { isApiError } from '../api/problem';
import { t } from '../i18n';
import { errorMessage } from '../components/errorMessage';

/** The message for a failed login, per step (the server answers 401 for both a bad password and a bad code). */
export function signInErrorMessage(error: unknown, step: 'password' | 'totp'): string {
  if (!isApiError(error)) return errorMessage(error);
  if (error.slug === 'totp-required' && step === 'totp') return t('signIn.error.totpInvalid');
  if (error.status === 401) return t('signIn.error.credentials');
  if (error.status === 429) {
    if (error.retryAfter === null) return t('signIn.error.lockedSoon');
    return t('signIn.error.locked', { minutes: Math.max(1, Math.ceil(error.retryAfter / 60)) });
  }
  return errorMessage(error);
}
