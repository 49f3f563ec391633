import { t } from '../i18n';

/** What a page shows while its code or first data arrives. */
export function PageLoading() {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 p-6 text-sm text-slate-600 dark:text-slate-300">
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" aria-hidden="true" />
      {t('app.loading')}
    </div>
  );
}
