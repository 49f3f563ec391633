import { t } from '../../../i18n';
import { CopyButton } from './CopyButton';

/** A secret the API returns only once: the value, a copy button and the warning to store it now. */
export function SecretOnce({ label, secret, warning }: { label: string; secret: string; warning: string }) {
  return (
    <div className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 dark:border-amber-700 dark:bg-amber-950">
      <p className="text-sm font-semibold text-amber-900 dark:text-amber-100">{warning}</p>
      <div>
        <p className="label">{label}</p>
        <code
          data-testid="secret-value"
          className="block select-all break-all rounded border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
        >
          {secret}
        </code>
      </div>
      <CopyButton text={secret} label={t('settings.common.copySecret')} />
    </div>
  );
}
