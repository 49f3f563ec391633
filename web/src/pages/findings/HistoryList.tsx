import type { Me } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FINDING_STATUSES, type FindingStatus } from '../../components/severity';
import { formatDate, formatRelative, t, type MessageKey } from '../../i18n';
import { personName } from './people';
import { useFindingHistory } from './queries';
import type { FindingHistoryEntry, HistoryField, Member } from './types';

const FIELD_LABEL: Record<HistoryField, MessageKey> = {
  status: 'findings.history.field.status',
  assignee_id: 'findings.history.field.assignee',
  sla_due_at: 'findings.history.field.slaDueAt',
  accepted_until: 'findings.history.field.acceptedUntil',
  justification: 'findings.history.field.justification',
  sla_breached: 'findings.history.field.slaBreached',
  note: 'findings.history.field.note',
};

function historyValue(entry: FindingHistoryEntry, value: string, members: Member[] | undefined, me: Me | null | undefined): string {
  if (value === '') return t('findings.history.empty');
  switch (entry.field) {
    case 'status':
      return (FINDING_STATUSES as readonly string[]).includes(value) ? t(`findingStatus.${value as FindingStatus}`) : value;
    case 'assignee_id':
      return personName(value, members, me);
    case 'sla_due_at':
    case 'accepted_until':
      return formatDate(value) || value;
    case 'sla_breached':
      return value === 'true' ? t('findings.yes') : value === 'false' ? t('findings.no') : value;
    default:
      return value;
  }
}

function describe(entry: FindingHistoryEntry, members: Member[] | undefined, me: Me | null | undefined): string {
  const actor = entry.actor === 'system' ? t('findings.history.system') : entry.actor;
  if (entry.field === 'note') return t('findings.history.noted', { actor });
  if (entry.field === 'justification') return t('findings.history.justified', { actor });
  return t('findings.history.changed', {
    actor,
    field: t(FIELD_LABEL[entry.field] ?? 'findings.history.field.note'),
    from: historyValue(entry, entry.from, members, me),
    to: historyValue(entry, entry.to, members, me),
  });
}

/** Every change of the finding, oldest first (GET /api/v1/findings/{id}/history). */
export function HistoryList({ id, members, me }: { id: string; members: Member[] | undefined; me: Me | null | undefined }) {
  const history = useFindingHistory(id);
  if (history.isPending) return <p className="text-sm text-slate-600 dark:text-slate-400">{t('app.loading')}</p>;
  if (history.isError) return <ErrorNotice title={t('findings.history.loadFailed')} error={history.error} onRetry={() => void history.refetch()} />;
  const entries = history.data.pages.flatMap((p) => p.items);
  if (entries.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{t('findings.history.none')}</p>;
  return (
    <>
      <ol className="space-y-3 border-l border-slate-200 pl-4 dark:border-slate-700">
        {entries.map((entry) => (
          <li key={entry.id} className="text-sm">
            <p>{describe(entry, members, me)}</p>
            {entry.field === 'justification' && entry.to && (
              <p className="mt-1 whitespace-pre-wrap break-words text-slate-700 dark:text-slate-300">{entry.to}</p>
            )}
            {entry.note && <p className="mt-1 whitespace-pre-wrap break-words text-slate-700 dark:text-slate-300">{entry.note}</p>}
            <time dateTime={entry.at} title={formatDate(entry.at)} className="text-xs text-slate-600 dark:text-slate-400">
              {formatRelative(entry.at)}
            </time>
          </li>
        ))}
      </ol>
      {history.hasNextPage && (
        <button type="button" className="btn-secondary mt-3" disabled={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
          {history.isFetchingNextPage ? t('list.loadingMore') : t('list.loadMore')}
        </button>
      )}
    </>
  );
}
