import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { t, type MessageKey } from '../../i18n';
import { ThemeToggle } from '../../theme/ThemeToggle';

/** The frame of the pages outside the shell, like the sign-in page: a centred card under a title. */
export function AccountLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-10">
      <div className="absolute right-4 top-4">
        <ThemeToggle />
      </div>
      <main className="w-full max-w-md">
        <h1 className="mb-6 text-center text-2xl font-bold">{title}</h1>
        <div className="space-y-4 rounded-lg border border-slate-200 p-6 shadow-sm dark:border-slate-800">{children}</div>
      </main>
    </div>
  );
}

const LINK = 'font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100';

/** An in-app text link in the account pages' style. */
export function AccountLink({ to, label }: { to: string; label: MessageKey }) {
  return (
    <Link to={to} className={LINK}>
      {t(label)}
    </Link>
  );
}

/** A failure of the whole page (missing or spent token): what happened, and what to do next. */
export function AccountProblem({ title, body, children }: { title: string; body: string; children?: ReactNode }) {
  return (
    <div role="alert" className="space-y-2">
      <h2 className="text-lg font-semibold text-red-800 dark:text-red-200">{title}</h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">{body}</p>
      {children && <div className="pt-2 text-sm">{children}</div>}
    </div>
  );
}

/** A completed step (mail sent, address confirmed). The heading takes focus so screen readers announce the change. */
export function AccountDone({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div role="status" className="space-y-2">
      <h2 tabIndex={-1} ref={heading} className="text-lg outline-none focus-visible:ring-0 font-semibold text-green-800 dark:text-green-200">
        {title}
      </h2>
      <div className="space-y-2 text-sm text-slate-700 dark:text-slate-300">{children}</div>
    </div>
  );
}

/** A form-level error (not tied to one field). */
export function FormAlert({ message }: { message: string }) {
  return (
    <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      {message}
    </p>
  );
}
