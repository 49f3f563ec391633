import { t } from '../../i18n';
import { CopyButton } from './shared/CopyButton';

/** Offers the codes as a text file through a Blob URL (no server round trip, nothing stored). */
export function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The recovery codes, shown once after confirming enrolment, with copy and download. */
export function RecoveryCodes({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  const text = `${t('settings.twoFactor.fileHeader', { email })}\n\n${codes.join('\n')}\n`;
  return (
    <div className="space-y-4 rounded-md border border-amber-300 bg-amber-50 p-4 dark:border-amber-700 dark:bg-amber-950">
      <h3 className="text-base font-semibold text-amber-900 dark:text-amber-100">{t('settings.twoFactor.codesTitle')}</h3>
      <p className="text-sm text-amber-900 dark:text-amber-100">{t('settings.twoFactor.codesStoreNow')}</p>
      <ul
        aria-label={t('settings.twoFactor.codesTitle')}
        className="grid max-w-md grid-cols-2 gap-2 rounded border border-slate-300 bg-white p-3 font-mono text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
      >
        {codes.map((code) => (
          <li key={code} className="select-all">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton text={codes.join('\n')} label={t('settings.twoFactor.copyCodes')} />
        <button
          type="button"
          className="btn-secondary"
          onClick={() => downloadText('palisade-recovery-codes.txt', text)}
        >
          {t('settings.twoFactor.downloadCodes')}
        </button>
      </div>
      <button type="button" className="btn-primary" onClick={onDone}>
        {t('settings.twoFactor.codesDone')}
      </button>
    </div>
  );
}
