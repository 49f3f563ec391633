import { buildUrl, type Query } from '../../api/client';
import { t } from '../../i18n';
import { EXPORT_FORMATS } from './types';

/** Download links for GET /api/v1/findings/export with the list's filters and sort (at most 10,000 findings). */
export function ExportMenu({ query }: { query: Query }) {
  return (
    <details className="relative">
      <summary className="btn-secondary cursor-pointer list-none">{t('findings.export.button')}</summary>
      <div className="absolute right-0 z-20 mt-1 w-64 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <ul>
          {EXPORT_FORMATS.map((format) => (
            <li key={format}>
              <a
                href={buildUrl('/api/v1/findings/export', { ...query, format })}
                download
                className="block rounded px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
              >
                {t(`findings.export.${format}`)}
              </a>
            </li>
          ))}
        </ul>
        <p className="mt-1 px-2 text-xs text-slate-600 dark:text-slate-400">{t('findings.export.note')}</p>
      </div>
    </details>
  );
}
