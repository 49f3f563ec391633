import { useEffect, useState } from 'react';
import { t } from '../../../i18n';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` to the clipboard and says whether it worked (the clipboard needs a secure context). */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = window.setTimeout(() => setState('idle'), 4000);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" className="btn-secondary" onClick={() => void copy()}>
        {label ?? t('settings.common.copy')}
      </button>
      <span role="status" aria-live="polite" className="text-sm text-slate-700 dark:text-slate-300">
        {state === 'copied' && t('settings.common.copied')}
        {state === 'failed' && t('settings.common.copyFailed')}
      </span>
    </span>
  );
}
