import { isApiError } from '../api/problem';
import { t } from '../i18n';

/** What went wrong, in words for the person at the screen (the server's detail is in English; keep it short). */
export function errorMessage(error: unknown): string {
  if (!isApiError(error)) return t('error.generic', { detail: error instanceof Error ? error.message : '' });
  if (error.isNetworkError) return t('error.network');
  if (error.status === 403) return t('error.forbidden');
  if (error.status >= 500) return t('error.server', { requestId: error.requestId ?? '-' });
  return t('error.generic', { detail: error.detail || error.title });
}
