import { t } from '../../i18n';
import type { FindingBulkResult } from './types';

/** What a bulk change did: how many changed, which could not (with the server's reason), which were gone. */
export function BulkResultNotice({ result, onDismiss }: { result: FindingBulkResult; onDismiss: () => void }) {
  const problems = result.conflicts.length + result.not_found.length;
  return (
    <div
      role="status"
      className={`flex items-start justify-between gap-4 rounded-md border p-3 text-sm ${
        problems
          ? 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50'
          : 'border-green-300 bg-green-50 text-green-950 dark:border-green-800 dark:bg-green-950 dark:text-green-50'
      }`}
    >
      <div className="space-y-1">
        <p className="font-semibold">{t('findings.bulk.updated', { count: result.updated.length })}</p>
        {result.conflicts.length > 0 && (
          <div>
            <p>{t('findings.bulk.conflicts', { count: result.conflicts.length })}</p>
            <ul className="list-disc pl-5">
              {result.conflicts.slice(0, 5).map((c) => (
                <li key={c.id}>{c.message}</li>
              ))}
            </ul>
          </div>
        )}
        {result.not_found.length > 0 && <p>{t('findings.bulk.notFound', { count: result.not_found.length })}</p>}
      </div>
      <button type="button" className="btn-ghost" onClick={onDismiss} aria-label={t('findings.bulk.dismiss')}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
