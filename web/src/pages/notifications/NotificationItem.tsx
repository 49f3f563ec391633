import { Link } from 'react-router-dom';
import type { AppNotification } from '../../api/types';
import { formatDate, formatRelative, t, type MessageKey } from '../../i18n';
import { inAppLink, isNotificationKind } from './types';

// Text carries the priority; the colour only repeats it (AA on both themes).
const PRIORITY_BADGE: Record<AppNotification['priority'], string> = {
  urgent: 'bg-red-100 text-red-900 ring-red-300 dark:bg-red-950 dark:text-red-100 dark:ring-red-800',
  high: 'bg-orange-100 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:ring-orange-800',
  normal: 'bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-100 dark:ring-sky-800',
  low: 'bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600',
};

function kindLabel(kind: string): string {
  return t(isNotificationKind(kind) ? (`notifications.kind.${kind}` as MessageKey) : 'notifications.kind.other');
}

export function titleId(id: string): string {
  return `notification-${id}-title`;
}

export interface NotificationItemProps {
  notification: AppNotification;
  onMarkRead: (n: AppNotification) => void;
  marking: boolean;
}

/** One notification: event, priority, when, read state, the title as an in-app link, and "mark as read". */
export function NotificationItem({ notification: n, onMarkRead, marking }: NotificationItemProps) {
  const to = inAppLink(n.link);
  const titleClass = n.read ? 'font-medium' : 'font-semibold';
  return (
    <li
      className={`flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start ${
        n.read ? '' : 'bg-brand-50 dark:bg-slate-800/70'
      }`}
    >
      <span
        aria-hidden="true"
        className={`mt-1.5 hidden h-2.5 w-2.5 shrink-0 rounded-full sm:block ${
          n.read ? 'border border-slate-400 dark:border-slate-500' : 'bg-brand-600 dark:bg-brand-100'
        }`}
      />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
          <span className="font-semibold uppercase tracking-wide text-slate-700 dark:text-slate-300">{kindLabel(n.kind)}</span>
          <span className={`rounded px-1.5 py-0.5 font-semibold ring-1 ring-inset ${PRIORITY_BADGE[n.priority] ?? PRIORITY_BADGE.normal}`}>
            {t(`notifications.priority.${n.priority}` as MessageKey)}
          </span>
          <span className={n.read ? 'text-slate-600 dark:text-slate-400' : 'font-semibold text-brand-700 dark:text-brand-100'}>
            {n.read ? t('notifications.read') : t('notifications.unread')}
          </span>
          <time dateTime={n.created_at} title={formatDate(n.created_at)} className="text-slate-600 dark:text-slate-400">
            {formatRelative(n.created_at)}
          </time>
        </div>
        <h3 className={`mt-1 text-sm ${titleClass}`}>
          {to ? (
            <Link
              id={titleId(n.id)}
              to={to}
              onClick={() => {
                if (!n.read) onMarkRead(n);
              }}
              className="text-slate-900 underline-offset-2 hover:underline dark:text-slate-50"
            >
              {n.title}
            </Link>
          ) : (
            <span id={titleId(n.id)} tabIndex={-1}>
              {n.title}
            </span>
          )}
        </h3>
        {n.body && <p className="mt-0.5 text-sm text-slate-700 dark:text-slate-300">{n.body}</p>}
      </div>
      {!n.read && (
        <button
          type="button"
          className="btn-secondary shrink-0 self-start"
          onClick={() => onMarkRead(n)}
          disabled={marking}
          aria-label={t('notifications.markReadOf', { title: n.title })}
        >
          {t('notifications.markRead')}
        </button>
      )}
    </li>
  );
}
