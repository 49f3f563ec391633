import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SeverityBadge } from '../../components/SeverityBadge';
import { formatDate, formatNumber, formatRelative, t } from '../../i18n';
import { CommentsSection } from './CommentsSection';
import { HistoryList } from './HistoryList';
import { personName } from './people';
import { useFinding, useMembers } from './queries';
import { StatusBadge, WarningTag } from './StatusBadge';
import { TriageControls } from './TriageControls';
import type { Finding } from './types';

/** A reference as a link only when it is an http(s) URL; anything else (javascript:, data:) stays text. */
function safeHref(reference: string): string | null {
  try {
    const url = new URL(reference);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-t border-slate-200 pt-4 dark:border-slate-800">
      <h3 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">{title}</h3>
      {children}
    </section>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 break-words text-sm">{children}</dd>
    </div>
  );
}

function When({ at }: { at: string | null | undefined }) {
  if (!at) return <>{t('findings.none')}</>;
  return (
    <time dateTime={at} title={formatRelative(at)}>
      {formatDate(at)}
    </time>
  );
}

function ScanLink({ id }: { id: string | null | undefined }) {
  if (!id) return <>{t('findings.none')}</>;
  return (
    <Link to={`/scans/${encodeURIComponent(id)}`} className="font-mono text-xs text-brand-700 underline dark:text-brand-100">
      {id}
    </Link>
  );
}

export interface FindingDetailProps {
  id: string;
  /** The row from the list, shown at once while the full finding loads. */
  initial?: Finding | undefined;
  /** 'panel': beside the list, with a close button; 'page': /findings/:id. */
  variant: 'panel' | 'page';
  onClose?: () => void;
  headingId?: string;
}

/** Everything about one finding: what, where, evidence, fix, SLA, triage, history and comments. */
export function FindingDetail({ id, initial, variant, onClose, headingId }: FindingDetailProps) {
  const { can, me } = useAuth();
  const finding = useFinding(id, initial);
  const members = useMembers();
  const canTriage = can('findings:triage');

  if (finding.isPending) return <p role="status" className="p-4 text-sm">{t('app.loading')}</p>;
  if (finding.isError && !finding.data)
    return (
      <div className="space-y-3 p-1">
        <ErrorNotice title={t('findings.detail.loadFailed')} error={finding.error} onRetry={() => void finding.refetch()} />
        {onClose && (
          <button type="button" className="btn-secondary" onClick={onClose}>
            {t('findings.detail.close')}
          </button>
        )}
      </div>
    );
  const f = finding.data;
  const references = f.references ?? [];
  const Heading = variant === 'page' ? 'h1' : 'h2';

  return (
    <article className="space-y-4">
      <header className="space-y-2">
        <div className="flex items-start justify-between gap-3">
          <Heading id={headingId} className={variant === 'page' ? 'page-title break-words' : 'break-words text-lg font-semibold'}>
            {f.title}
          </Heading>
          {variant === 'panel' && (
            <div className="flex shrink-0 items-center gap-1">
              <Link to={`/findings/${encodeURIComponent(f.id)}`} className="btn-ghost">
                {t('findings.detail.openPage')}
              </Link>
              <button type="button" className="btn-ghost" onClick={onClose} aria-label={t('findings.detail.close')}>
                <span aria-hidden="true">×</span>
              </button>
            </div>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <SeverityBadge severity={f.severity} />
          <StatusBadge status={f.status} />
          {f.regression && <WarningTag>{t('findings.regression')}</WarningTag>}
          {f.sla_breached && <WarningTag>{t('findings.sla.breached')}</WarningTag>}
          <span className="break-all font-mono text-xs text-slate-600 dark:text-slate-400">{f.check}</span>
        </div>
      </header>

      {canTriage && (
        <Section title={t('findings.detail.triage')}>
          <TriageControls finding={f} />
        </Section>
      )}

      <Section title={t('findings.detail.where')}>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Item label={t('findings.detail.location')}>{f.location || t('findings.none')}</Item>
          <Item label={t('findings.detail.target')}>{f.target || t('findings.none')}</Item>
          <Item label={t('findings.detail.asset')}>
            {f.asset_id ? (
              <Link to={`/assets/${encodeURIComponent(f.asset_id)}`} className="font-mono text-xs text-brand-700 underline dark:text-brand-100">
                {f.asset_id}
              </Link>
            ) : (
              t('findings.none')
            )}
          </Item>
          <Item label={t('findings.detail.module')}>{f.module || t('findings.none')}</Item>
          <Item label={t('findings.detail.firstScan')}>
            <ScanLink id={f.first_scan_id} />
          </Item>
          <Item label={t('findings.detail.lastScan')}>
            <ScanLink id={f.last_scan_id} />
          </Item>
          <Item label={t('findings.detail.firstSeen')}>
            <When at={f.first_seen} />
          </Item>
          <Item label={t('findings.detail.lastSeen')}>
            <When at={f.last_seen} />
          </Item>
          <Item label={t('findings.detail.occurrences')}>{formatNumber(f.occurrences)}</Item>
          {!canTriage && <Item label={t('findings.detail.assignee')}>{personName(f.assignee_id, members.data, me)}</Item>}
          {f.status === 'fixed' && (
            <Item label={t('findings.detail.fixedAt')}>
              <When at={f.fixed_at} />
              {f.fixed_scan_id && (
                <span className="block">
                  <ScanLink id={f.fixed_scan_id} />
                </span>
              )}
            </Item>
          )}
        </dl>
      </Section>

      <Section title={t('findings.detail.sla')}>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Item label={t('findings.detail.slaDue')}>
            {f.sla_due_at ? (
              <>
                <When at={f.sla_due_at} /> <span className="text-slate-600 dark:text-slate-400">({formatRelative(f.sla_due_at)})</span>
              </>
            ) : (
              t('findings.sla.noneLong')
            )}
          </Item>
          <Item label={t('findings.detail.slaBreached')}>{f.sla_breached ? t('findings.yes') : t('findings.no')}</Item>
          {f.status === 'accepted_risk' && (
            <>
              <Item label={t('findings.detail.acceptedUntil')}>
                <When at={f.accepted_until} />
              </Item>
              <Item label={t('findings.detail.justification')}>
                <span className="whitespace-pre-wrap">{f.justification || t('findings.none')}</span>
              </Item>
            </>
          )}
        </dl>
      </Section>

      <Section title={t('findings.detail.evidence')}>
        {f.evidence ? (
          <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-100 p-3 font-mono text-xs text-slate-900 dark:bg-slate-950 dark:text-slate-100">
            {f.evidence}
          </pre>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('findings.detail.noEvidence')}</p>
        )}
      </Section>

      <Section title={t('findings.detail.recommendation')}>
        <p className="whitespace-pre-wrap text-sm">{f.recommendation || t('findings.detail.noRecommendation')}</p>
      </Section>

      <Section title={t('findings.detail.classification')}>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Item label={t('findings.detail.cvssScore')}>
            {f.cvss?.score != null ? formatNumber(f.cvss.score, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : t('findings.none')}
            {f.cvss?.version && <span className="ml-1 text-slate-600 dark:text-slate-400">{t('findings.detail.cvssVersion', { version: f.cvss.version })}</span>}
          </Item>
          <Item label={t('findings.detail.cvssVector')}>
            {f.cvss?.vector ? <code className="break-all font-mono text-xs">{f.cvss.vector}</code> : t('findings.none')}
          </Item>
          <Item label={t('findings.detail.cwe')}>{f.cwe?.length ? f.cwe.join(', ') : t('findings.none')}</Item>
          <Item label={t('findings.detail.cve')}>{f.cve?.length ? f.cve.join(', ') : t('findings.none')}</Item>
        </dl>
      </Section>

      <Section title={t('findings.detail.references')}>
        {references.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('findings.detail.noReferences')}</p>
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {references.map((ref) => {
              const href = safeHref(ref);
              return (
                <li key={ref} className="break-all">
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer" className="text-brand-700 underline dark:text-brand-100">
                      {ref}
                    </a>
                  ) : (
                    ref
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      <Section title={t('findings.detail.comments')}>
        <CommentsSection id={f.id} canComment={canTriage} />
      </Section>

      <Section title={t('findings.detail.history')}>
        <HistoryList id={f.id} members={members.data} me={me} />
      </Section>

      <p className="break-all text-xs text-slate-500 dark:text-slate-400">
        {t('findings.detail.fingerprint', { fingerprint: f.fingerprint })}
      </p>
    </article>
  );
}
