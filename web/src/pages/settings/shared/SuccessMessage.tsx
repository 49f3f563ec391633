import type { ReactNode } from 'react';

/** A confirmation after a change, announced politely to screen readers. Renders the live region even when empty. */
export function SuccessMessage({ children }: { children?: ReactNode }) {
  return (
    <p role="status" aria-live="polite" className="text-sm font-medium text-green-800 dark:text-green-300">
      {children}
    </p>
  );
}
