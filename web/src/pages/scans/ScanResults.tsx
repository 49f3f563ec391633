// The results of an ended scan (GET /api/v1/scans/{id}/results, the scan result contract of docs/output-formats.md):
// grade and score, what the scan did to the stored findings, findings by severity and by module, and per target the
// grade, score and how each module ended.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { isApiError } from '../../api/problem';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SeverityBadge } from '../../components/SeverityBadge';
import { SEVERITIES } from '../../components/severity';
import { formatNumber, t } from '../../i18n';
import { GradeBadge, scanKey } from './parts';
import { ModuleStatusBadge } from './ScanTimeline';
import type { ResultFinding, ResultTarget, ScanDetail, ScanResult, ScanSummary } from './types';

const SUMMARY_FIELDS: Array<keyof ScanSummary> = [
  'new',
  'regressions',
  'seen_again',
  'fixed',
  'suppressed',
  'assets_created',
  'assets_updated',
];

/** The module of a check id: its first segment, `template.*` -> templates (docs/api.md "Auto-fix"). */
export function moduleOfCheck(check: string): string {
  const first = check.split('.')[0] ?? check;
  return first === 'template' ? 'templates' : first;
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

function ms(value: number): string {
  return value < 1000 ? t('scans.duration.ms', { ms: value }) : t('scans.duration.s', { s: formatNumber(value / 1000, { maximumFractionDigits: 1 }) });
}

export function ScanResults({ scan }: { scan: ScanDetail }) {
  const results = useQuery({
    queryKey: [...scanKey(scan.id), 'results'],
    queryFn: ({ signal }) => api.get<ScanResult>(`/api/v1/scans/${scan.id}/results`, { signal }),
  });

  return (
    <section aria-labelledby="scan-results" className="space-y-4">
      <h2 id="scan-results" className="text-lg font-semibold">{t('scans.results.title')}</h2>
      {results.isPending && <p role="status">{t('app.loading')}</p>}
      {results.isError &&
        (isApiError(results.error) && results.error.status === 409 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('scans.results.notAvailable')}</p>
        ) : (
          <ErrorNotice title={t('scans.results.loadFailed')} error={results.error} onRetry={() => void results.refetch()} />
        ))}
      {results.isSuccess && <ResultsBody result={results.data} summary={scan.summary ?? null} />}
    </section>
  );
}

function ResultsBody({ result, summary }: { result: ScanResult; summary: ScanSummary | null }) {
  const findings = result.findings ?? [];
  const bySeverity = countBy(findings, (f: ResultFinding) => f.severity);
  const byModule = countBy(findings, (f: ResultFinding) => moduleOfCheck(f.check));
  const targets: ResultTarget[] =
    result.targets ?? [{ target: result.target, score: result.score, grade: result.grade, error: null, modules: result.modules ?? [] }];

  return (
    <>
      <div className="grid gap-4 md:grid-cols-3">
        <div className="card flex items-center gap-4">
          <GradeBadge grade={result.grade} large />
          <div>
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('scans.results.overall')}</p>
            <p className="text-lg font-semibold">
              {result.score === null ? t('scans.results.noScore') : t('scans.results.score', { score: result.score })}
            </p>
            {!result.complete && (
              <p className="text-sm text-amber-800 dark:text-amber-200">
                {t('scans.results.incomplete', { reason: result.incomplete_reason ?? '—' })}
              </p>
            )}
          </div>
        </div>
        <div className="card">
          <h3 className="text-sm font-semibold">{t('scans.results.bySeverity')}</h3>
          <ul className="mt-2 space-y-1 text-sm">
            {SEVERITIES.map((s) => (
              <li key={s} className="flex items-center justify-between gap-2">
                <SeverityBadge severity={s} />
                <span className="tabular-nums">{formatNumber(bySeverity.get(s) ?? 0)}</span>
              </li>
            ))}
          </ul>
        </div>
        {summary && (
          <div className="card">
            <h3 className="text-sm font-semibold">{t('scans.results.effect')}</h3>
            <dl className="mt-2 space-y-1 text-sm">
              {SUMMARY_FIELDS.map((field) => (
                <div key={field} className="flex justify-between gap-2">
                  <dt>{t(`scans.results.summary.${field}`)}</dt>
                  <dd className="tabular-nums">{formatNumber(summary[field] ?? 0)}</dd>
                </div>
              ))}
            </dl>
          </div>
        )}
      </div>

      {byModule.size > 0 && (
        <div className="card">
          <h3 className="text-sm font-semibold">{t('scans.results.byModule')}</h3>
          <ul className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
            {[...byModule.entries()].sort((a, b) => b[1] - a[1]).map(([module, count]) => (
              <li key={module}>
                <span className="font-mono">{module}</span>: <span className="tabular-nums">{formatNumber(count)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {targets.map((target) => (
        <div key={target.target} className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="data-table">
            <caption className="px-3 py-2 text-left">
              <span className="flex flex-wrap items-center gap-2">
                <span className="break-all font-semibold">{target.target}</span>
                <GradeBadge grade={target.grade} />
                {target.score !== null && (
                  <span className="text-sm text-slate-600 dark:text-slate-400">{t('scans.results.score', { score: target.score })}</span>
                )}
              </span>
              {target.error && <span className="block text-sm text-red-800 dark:text-red-200">{target.error}</span>}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('scans.results.module')}</th>
                <th scope="col">{t('scans.results.status')}</th>
                <th scope="col">{t('scan.grade')}</th>
                <th scope="col">{t('scans.results.moduleScore')}</th>
                <th scope="col">{t('scans.results.duration')}</th>
              </tr>
            </thead>
            <tbody>
              {target.modules.map((m) => (
                <tr key={m.name}>
                  <td className="font-mono">{m.name}</td>
                  <td>
                    <ModuleStatusBadge status={m.status} />
                    {m.error && <span className="block text-xs text-red-800 dark:text-red-200">{m.error}</span>}
                  </td>
                  <td>{m.grade ? <GradeBadge grade={m.grade} /> : '—'}</td>
                  <td className="tabular-nums">{m.score ?? '—'}</td>
                  <td className="tabular-nums">{ms(m.duration_ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}
