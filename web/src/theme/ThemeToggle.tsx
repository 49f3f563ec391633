import { useEffect, useState } from 'react';
import { t } from '../i18n';
import {
  applyTheme,
  readThemePreference,
  saveThemePreference,
  watchSystemTheme,
  type ThemePreference,
} from './theme';

const CHOICES: ReadonlyArray<{ value: ThemePreference; label: 'theme.light' | 'theme.dark' | 'theme.system' }> = [
  { value: 'light', label: 'theme.light' },
  { value: 'dark', label: 'theme.dark' },
  { value: 'system', label: 'theme.system' },
];

/** Three native radio buttons styled as a segmented control: arrow keys and screen readers work as usual. */
export function ThemeToggle() {
  const [preference, setPreference] = useState<ThemePreference>(readThemePreference);

  useEffect(() => {
    applyTheme(preference);
    if (preference !== 'system') return undefined;
    return watchSystemTheme(() => applyTheme('system'));
  }, [preference]);

  const choose = (value: ThemePreference) => {
    saveThemePreference(value);
    setPreference(value);
  };

  return (
    <fieldset className="flex items-center rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
      <legend className="sr-only">{t('theme.label')}</legend>
      {CHOICES.map((choice) => (
        <label key={choice.value} className="cursor-pointer">
          <input
            type="radio"
            name="theme"
            value={choice.value}
            checked={preference === choice.value}
            onChange={() => choose(choice.value)}
            className="peer sr-only"
          />
          <span className="block rounded px-2 py-1 text-xs font-medium text-slate-600 peer-checked:bg-slate-200 peer-checked:text-slate-900 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500 dark:text-slate-300 dark:peer-checked:bg-slate-700 dark:peer-checked:text-white">
            {t(choice.label)}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
