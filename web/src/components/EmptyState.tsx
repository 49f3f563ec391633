import type { ReactNode } from 'react';

/** What an empty list shows: what would be here, and what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center dark:border-slate-700">
      <h3 className="text-base font-semibold">{title}</h3>
      {children && <div className="mx-auto mt-2 max-w-prose text-sm text-slate-600 dark:text-slate-400">{children}</div>}
    </div>
  );
}
