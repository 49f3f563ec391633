// How the account pages word the server's refusals (problem+json, docs/api.md "Sign-up").
import { isApiError, type ApiError } from '../../api/problem';
import { errorMessage } from '../../components/errorMessage';
import { t } from '../../i18n';

/** The message for a failed request of these pages that is not about one field. */
export function accountErrorMessage(error: unknown): string {
  if (!isApiError(error)) return errorMessage(error);
  if (error.status === 429) {
    if (error.retryAfter === null) return t('account.error.rateLimitedSoon');
    return t('account.error.rateLimited', { minutes: Math.max(1, Math.ceil(error.retryAfter / 60)) });
  }
  return errorMessage(error);
}

/** Registration refused by the server's sign-up mode (403): invite-only (the default) or off. */
export function signupRefusal(error: unknown): string | null {
  if (!isApiError(error) || error.status !== 403) return null;
  // The slug is `forbidden` in both modes; only the detail tells them apart ("sign-up is disabled").
  return /disabled/i.test(error.detail) ? t('account.error.signupDisabled') : t('account.error.signupInviteOnly');
}

/** The server's field errors of a validation failure, by field name (empty for other failures). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error) || (error as ApiError).slug !== 'validation-failed') return {};
  const out: Record<string, string> = {};
  for (const e of error.errors) out[e.field] ??= e.message;
  return out;
}

/**
 * The form-level message when fields failed: the fields shown in the form carry their own message, so this lists
 * only the others (or says to look below the fields).
 */
export function validationSummary(errors: Record<string, string>, shown: readonly string[]): string | null {
  const fields = Object.keys(errors);
  if (fields.length === 0) return null;
  const others = fields.filter((f) => !shown.includes(f));
  if (others.length === 0) return t('account.error.checkFields');
  return others.map((f) => `${f}: ${errors[f]}`).join(' ');
}
