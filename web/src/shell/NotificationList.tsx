import type { UseQueryResult } from '@tanstack/react-query';
import type { AppNotification, Page } from '../api/types';
import { formatRelative, t } from '../i18n';

const PRIORITY_DOT: Record<AppNotification['priority'], string> = {
  urgent: 'bg-red-600',
  high: 'bg-orange-500',
  normal: 'bg-brand-500',
  low: 'bg-slate-400',
};

export function NotificationList({ query }: { query: UseQueryResult<Page<AppNotification>> }) {
  if (query.isPending) return <p className="text-sm text-slate-500">{t('app.loading')}</p>;
  if (query.isError) return <p role="alert" className="text-sm text-red-700 dark:text-red-300">{t('bell.loadFailed')}</p>;
  if (query.data.items.length === 0) return <p className="text-sm text-slate-500">{t('bell.empty')}</p>;
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-700">
      {query.data.items.map((n) => (
        <li key={n.id} className="flex gap-2 py-2 text-sm">
          <span aria-hidden="true" className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${PRIORITY_DOT[n.priority]}`} />
          <div className="min-w-0">
            <p className="font-medium">{n.title}</p>
            {n.body && <p className="line-clamp-2 text-slate-600 dark:text-slate-400">{n.body}</p>}
            <p className="text-xs text-slate-500">
              <time dateTime={n.created_at}>{formatRelative(n.created_at)}</time>
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
