import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { AppNotification, Page } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/SelectField';
import { t, type MessageKey } from '../../i18n';
import type { LiveFrame } from '../../live/socket';
import { useTopic } from '../../live/useTopic';
import { LATEST_UNREAD_KEY, UNREAD_COUNT_KEY } from '../../shell/NotificationBell';
import { markAllListedRead, prependNotification, replaceNotification } from './notificationCache';
import { NotificationItem, titleId } from './NotificationItem';
import {
  CENTRE_KEY,
  NOTIFICATION_KINDS,
  asNotification,
  centreKey,
  isNotificationKind,
  type NotificationFilter,
  type NotificationKind,
} from './types';

type KindChoice = NotificationKind | 'any';

function kindOptions(): Array<{ value: KindChoice; label: string }> {
  return [
    { value: 'any', label: t('notifications.kindFilter.any') },
    ...NOTIFICATION_KINDS.map((kind) => ({ value: kind, label: t(`notifications.kind.${kind}` as MessageKey) })),
  ];
}

const SEGMENT = 'px-3 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md';
const SEGMENT_ON = 'bg-brand-600 text-white dark:bg-brand-500 dark:text-white';
const SEGMENT_OFF = 'bg-white text-slate-800 hover:bg-slate-50 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700';

/** The notification centre: the caller's notifications, newest first, live, with read state and filters. */
export function NotificationsPage() {
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const filter: NotificationFilter = {
    unread: params.get('unread') === 'true',
    kind: isNotificationKind(kindParam) ? kindParam : null,
  };
  const [arrived, setArrived] = useState(0);

  const list = useInfiniteQuery({
    queryKey: centreKey(filter),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<AppNotification>>('/api/v1/notifications', {
        query: { unread: filter.unread || undefined, kind: filter.kind ?? undefined, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const unreadCount = useQuery({
    queryKey: UNREAD_COUNT_KEY,
    queryFn: () => api.get<{ unread: number }>('/api/v1/notifications/unread-count'),
  });

  const afterRead = () => {
    void queryClient.invalidateQueries({ queryKey: UNREAD_COUNT_KEY });
    void queryClient.invalidateQueries({ queryKey: LATEST_UNREAD_KEY });
  };
  const markRead = useMutation({
    mutationFn: (n: AppNotification) => api.post<AppNotification>(`/api/v1/notifications/${encodeURIComponent(n.id)}/read`),
    onSuccess: (updated) => {
      replaceNotification(queryClient, updated);
      afterRead();
      // The button is gone: keep the keyboard user on the same notification.
      document.getElementById(titleId(updated.id))?.focus();
    },
  });
  const markAll = useMutation({
    mutationFn: () => api.post<{ updated: number }>('/api/v1/notifications/read-all', {}),
    onSuccess: () => {
      markAllListedRead(queryClient, new Date().toISOString());
      queryClient.setQueryData(UNREAD_COUNT_KEY, { unread: 0 });
      void queryClient.invalidateQueries({ queryKey: [...CENTRE_KEY, 'unread'] });
      afterRead();
    },
  });

  useTopic('notifications', (frame: LiveFrame) => {
    if (frame.type === 'notification') {
      const n = asNotification(frame.data);
      if (!n) return;
      prependNotification(queryClient, n);
      setArrived((count) => count + 1);
    } else if (frame.type === 'unread_count') {
      // Everything was read elsewhere (another tab, the bell): show it here too.
      if ((frame.data as { unread?: unknown } | null)?.unread === 0) markAllListedRead(queryClient, frame.at ?? new Date().toISOString());
    }
  });

  const setFilter = (next: NotificationFilter) => {
    const search = new URLSearchParams();
    if (next.unread) search.set('unread', 'true');
    if (next.kind) search.set('kind', next.kind);
    setParams(search, { replace: true });
  };

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = unreadCount.data?.unread ?? 0;
  const hasUnread = unread > 0 || items.some((n) => !n.read);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="page-title">{t('notifications.title')}</h1>
          {unreadCount.isSuccess && (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('notifications.unreadCount', { count: unread })}</p>
          )}
        </div>
        {hasUnread && (
          <button type="button" className="btn-secondary" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
            {markAll.isPending ? t('notifications.markingAllRead') : t('notifications.markAllRead')}
          </button>
        )}
      </div>

      <div className="flex flex-wrap items-end gap-4">
        <div>
          <span id="notifications-filter" className="label">
            {t('notifications.filter.label')}
          </span>
          <div role="group" aria-labelledby="notifications-filter" className="inline-flex rounded-md border border-slate-300 dark:border-slate-600">
            {([false, true] as const).map((unreadOnly) => (
              <button
                key={String(unreadOnly)}
                type="button"
                aria-pressed={filter.unread === unreadOnly}
                onClick={() => setFilter({ ...filter, unread: unreadOnly })}
                className={`${SEGMENT} ${filter.unread === unreadOnly ? SEGMENT_ON : SEGMENT_OFF}`}
              >
                {unreadOnly ? t('notifications.filter.unread') : t('notifications.filter.all')}
              </button>
            ))}
          </div>
        </div>
        <div className="w-56">
          <SelectField<KindChoice>
            label={t('notifications.kindFilter')}
            value={filter.kind ?? 'any'}
            onChange={(kind) => setFilter({ ...filter, kind: kind === 'any' ? null : kind })}
            options={kindOptions()}
          />
        </div>
      </div>

      {markAll.isError && <ErrorNotice title={t('notifications.markAllFailed')} error={markAll.error} />}
      {markRead.isError && <ErrorNotice title={t('notifications.markFailed')} error={markRead.error} />}
      <p aria-live="polite" className="sr-only">
        {arrived > 0 ? t('notifications.newArrived', { count: arrived }) : ''}
      </p>

      {list.isPending && <p role="status">{t('app.loading')}</p>}
      {list.isError && !list.data && (
        <ErrorNotice title={t('notifications.loadFailed')} error={list.error} onRetry={() => void list.refetch()} />
      )}
      {list.isSuccess && items.length === 0 && <EmptyNotifications filter={filter} />}
      {items.length > 0 && (
        <ul
          aria-label={t('notifications.list')}
          className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
        >
          {items.map((n) => (
            <NotificationItem
              key={n.id}
              notification={n}
              onMarkRead={(target) => markRead.mutate(target)}
              marking={markRead.isPending && markRead.variables?.id === n.id}
            />
          ))}
        </ul>
      )}
      {list.isFetchNextPageError && (
        <ErrorNotice title={t('notifications.loadMoreFailed')} error={list.error} onRetry={() => void list.fetchNextPage()} />
      )}
      {list.hasNextPage && !list.isFetchNextPageError && (
        <div className="flex justify-center">
          <button
            type="button"
            className="btn-secondary"
            onClick={() => void list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? t('list.loadingMore') : t('list.loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}

function EmptyNotifications({ filter }: { filter: NotificationFilter }) {
  if (filter.unread) {
    return (
      <EmptyState title={t('notifications.emptyUnread.title')}>
        <p>{t('notifications.emptyUnread.body')}</p>
      </EmptyState>
    );
  }
  if (filter.kind) {
    return (
      <EmptyState title={t('notifications.emptyKind.title')}>
        <p>{t('notifications.emptyKind.body')}</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState title={t('notifications.empty.title')}>
      <p>{t('notifications.empty.body')}</p>
      <p className="mt-2">{t('notifications.empty.rules')}</p>
    </EmptyState>
  );
}
