import { useId, useState } from 'react';
import { t, type MessageKey } from '../../i18n';
import { passwordHint } from './passwordStrength';

export interface PasswordFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The server's message for the field. */
  error?: string | undefined;
  /** Used to warn about a password that contains the address. */
  email?: string;
  autoComplete?: 'new-password' | 'current-password';
  autoFocus?: boolean;
}

const HINT_CLASS: Record<'blocking' | 'advice' | 'ok', string> = {
  blocking: 'text-amber-800 dark:text-amber-200',
  advice: 'text-amber-800 dark:text-amber-200',
  ok: 'text-green-800 dark:text-green-200',
};

/** A new-password input with the rules, a live strength hint, a show/hide switch and the server's error. */
export function PasswordField({ label, value, onChange, error, email = '', autoComplete = 'new-password', autoFocus }: PasswordFieldProps) {
  const id = useId();
  const [visible, setVisible] = useState(false);
  const hint = passwordHint(value, email);
  const hintKey: MessageKey = hint?.key ?? 'account.password.rules';
  const tone = !hint ? null : hint.blocking ? 'blocking' : hint.key === 'account.password.ok' ? 'ok' : 'advice';
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input
        id={id}
        type={visible ? 'text' : 'password'}
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        autoFocus={autoFocus}
        maxLength={256}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="input"
      />
      <p id={`${id}-hint`} className={`mt-1 text-sm ${tone ? HINT_CLASS[tone] : 'text-slate-600 dark:text-slate-400'}`}>
        {hint?.count !== undefined ? t(hintKey, { count: hint.count }) : t(hintKey)}
      </p>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      <label className="mt-2 inline-flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
        <input
          type="checkbox"
          checked={visible}
          onChange={(e) => setVisible(e.target.checked)}
          className="h-4 w-4 rounded border-slate-400 dark:border-slate-500"
        />
        {t('account.showPassword')}
      </label>
    </div>
  );
}
