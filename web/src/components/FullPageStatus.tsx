import type { ReactNode } from 'react';

/** A centred message for the whole page (the first session check, a fatal error). */
export function FullPageStatus({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="flex min-h-screen items-center justify-center p-6 text-slate-600 dark:text-slate-300">
      {children}
    </div>
  );
}
