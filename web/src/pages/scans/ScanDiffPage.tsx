// /scans/:id/diff/:otherId: what changed between two ended scans of the same targets (GET /api/v1/scans/{id}/diff,
// by finding fingerprint; the older scan is the base whichever order they come in) and how the grade moved.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SeverityBadge } from '../../components/SeverityBadge';
import { severityRank } from '../../components/severity';
import type { MessageKey } from '../../i18n';
import { formatDate, formatNumber, t } from '../../i18n';
import { GradeBadge, scanKey, targetsText } from './parts';
import type { FindingItem, FindingSummary, ScanDetail, ScanDiff } from './types';

type Section = 'new' | 'fixed' | 'unchanged';
const SECTIONS: Array<{ key: Section; title: MessageKey; empty: MessageKey; hint: MessageKey }> = [
  { key: 'new', title: 'scans.diff.new', empty: 'scans.diff.newEmpty', hint: 'scans.diff.newHint' },
  { key: 'fixed', title: 'scans.diff.fixed', empty: 'scans.diff.fixedEmpty', hint: 'scans.diff.fixedHint' },
  { key: 'unchanged', title: 'scans.diff.unchanged', empty: 'scans.diff.unchangedEmpty', hint: 'scans.diff.unchangedHint' },
];

/** Grade letters in order, best first, to say whether a change is better or worse. */
const GRADE_ORDER = ['A', 'B', 'C', 'D', 'E', 'F'];

function gradeTrend(from: string | null | undefined, to: string | null | undefined): MessageKey {
  if (!from || !to) return 'scans.diff.gradeUnknown';
  if (from === to) return 'scans.diff.gradeSame';
  const a = GRADE_ORDER.indexOf(from.charAt(0).toUpperCase());
  const b = GRADE_ORDER.indexOf(to.charAt(0).toUpperCase());
  if (a < 0 || b < 0 || a === b) return 'scans.diff.gradeChanged';
  return b < a ? 'scans.diff.gradeBetter' : 'scans.diff.gradeWorse';
}

function bySeverity(items: FindingSummary[]): FindingSummary[] {
  return [...items].sort((x, y) => severityRank(x.severity) - severityRank(y.severity) || x.title.localeCompare(y.title));
}

function useScan(id: string) {
  return useQuery({ queryKey: scanKey(id), queryFn: ({ signal }) => api.get<ScanDetail>(`/api/v1/scans/${id}`, { signal }) });
}

/** Finding ids by fingerprint, from the findings each scan saw (first page of each), for links to the findings. */
function useFindingIds(scanIds: string[], enabled: boolean) {
  return useQuery({
    queryKey: ['scans', 'diff-findings', ...scanIds],
    enabled,
    queryFn: async ({ signal }) => {
      const map = new Map<string, string>();
      for (const scanId of scanIds) {
        const page = await api.get<Page<FindingItem>>('/api/v1/findings', { query: { scan_id: scanId, limit: 200 }, signal });
        for (const f of page.items) map.set(f.fingerprint, f.id);
      }
      return map;
    },
  });
}

export function ScanDiffPage() {
  const { id = '', otherId = '' } = useParams();
  const { can } = useAuth();
  const diff = useQuery({
    queryKey: [...scanKey(id), 'diff', otherId],
    queryFn: ({ signal }) => api.get<ScanDiff>(`/api/v1/scans/${id}/diff`, { query: { against: otherId }, signal }),
  });
  const newer = useScan(diff.data?.scan_id ?? id);
  const base = useScan(diff.data?.base_scan_id ?? otherId);
  const ids = useFindingIds([id, otherId], diff.isSuccess && can('findings:read'));

  return (
    <div className="space-y-6">
      <div>
        <Link to={`/scans/${id}`} className="text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          {t('scans.diff.back')}
        </Link>
        <h1 className="page-title mt-2">{t('scans.diff.title')}</h1>
        {newer.data && <p className="text-sm text-slate-600 dark:text-slate-400">{targetsText(newer.data.targets)}</p>}
      </div>
      {diff.isPending && <p role="status">{t('app.loading')}</p>}
      {diff.isError && <ErrorNotice title={t('scans.diff.loadFailed')} error={diff.error} onRetry={() => void diff.refetch()} />}
      {diff.isSuccess && (
        <>
          <section aria-labelledby="diff-grade" className="card space-y-3">
            <h2 id="diff-grade" className="text-lg font-semibold">{t('scans.diff.gradeTitle')}</h2>
            <div className="flex flex-wrap items-center gap-4">
              <ScanColumn label={t('scans.diff.base')} scan={base.data} />
              <span aria-hidden="true" className="text-2xl text-slate-500">→</span>
              <ScanColumn label={t('scans.diff.newer')} scan={newer.data} />
              {base.data && newer.data && (
                <p className="font-semibold">
                  {t(gradeTrend(base.data.grade, newer.data.grade), {
                    from: base.data.grade ?? t('scan.noGrade'),
                    to: newer.data.grade ?? t('scan.noGrade'),
                  })}
                </p>
              )}
            </div>
            <p className="text-sm">
              {t('scans.diff.counts', {
                new: diff.data.counts.new ?? diff.data.new.length,
                fixed: diff.data.counts.fixed ?? diff.data.fixed.length,
                unchanged: diff.data.counts.unchanged ?? diff.data.unchanged.length,
              })}
            </p>
          </section>
          {SECTIONS.map((s) => (
            <DiffSection key={s.key} section={s} items={bySeverity(diff.data[s.key])} ids={ids.data} />
          ))}
        </>
      )}
    </div>
  );
}

function ScanColumn({ label, scan }: { label: string; scan: ScanDetail | undefined }) {
  return (
    <div className="flex items-center gap-3">
      <GradeBadge grade={scan?.grade} large />
      <div className="text-sm">
        <p className="text-slate-600 dark:text-slate-400">{label}</p>
        {scan ? (
          <>
            <Link to={`/scans/${scan.id}`} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
              <time dateTime={scan.created_at}>{formatDate(scan.created_at)}</time>
            </Link>
            {typeof scan.score === 'number' && <p>{t('scans.results.score', { score: scan.score })}</p>}
          </>
        ) : (
          <p>{t('app.loading')}</p>
        )}
      </div>
    </div>
  );
}

function DiffSection({
  section,
  items,
  ids,
}: {
  section: (typeof SECTIONS)[number];
  items: FindingSummary[];
  ids: Map<string, string> | undefined;
}) {
  const headingId = `diff-${section.key}`;
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h2 id={headingId} className="text-lg font-semibold">
        {t(section.title)} <span className="tabular-nums text-slate-600 dark:text-slate-400">({formatNumber(items.length)})</span>
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t(section.hint)}</p>
      {items.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-3 text-sm dark:border-slate-700">{t(section.empty)}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('scans.findings.severity')}</th>
                <th scope="col">{t('scans.findings.finding')}</th>
                <th scope="col">{t('scans.findings.location')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((f) => {
                const findingId = ids?.get(f.fingerprint);
                return (
                  <tr key={f.fingerprint}>
                    <td>
                      <SeverityBadge severity={f.severity} />
                    </td>
                    <td>
                      {findingId ? (
                        <Link to={`/findings/${findingId}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                          {f.title}
                        </Link>
                      ) : (
                        <span className="font-medium">{f.title}</span>
                      )}
                      <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">{f.check}</span>
                    </td>
                    <td className="break-all">{f.location}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
