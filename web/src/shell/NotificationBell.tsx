import { useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { AppNotification, Page } from '../api/types';
import { formatNumber, t } from '../i18n';
import type { LiveFrame } from '../live/socket';
import { useTopic } from '../live/useTopic';
import { NotificationList } from './NotificationList';

export const UNREAD_COUNT_KEY = ['notifications', 'unread-count'] as const;
export const LATEST_UNREAD_KEY = ['notifications', 'latest-unread'] as const;

/**
 * The bell with the live unread count: read once from the API, then kept current by the `notifications` topic
 * (`notification` adds one, `unread_count` sets it). Those pushes are not replayed, so every resubscription after
 * the first (a reconnect) reads the count again.
 */
export function NotificationBell() {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const subscriptions = useRef(0);

  const unread = useQuery({
    queryKey: UNREAD_COUNT_KEY,
    queryFn: () => api.get<{ unread: number }>('/api/v1/notifications/unread-count'),
  });
  const latest = useQuery({
    queryKey: LATEST_UNREAD_KEY,
    queryFn: () => api.get<Page<AppNotification>>('/api/v1/notifications', { query: { unread: true, limit: 5 } }),
    enabled: open,
  });
  const markAllRead = useMutation({
    mutationFn: () => api.post<{ updated: number }>('/api/v1/notifications/read-all', {}),
    onSuccess: () => {
      queryClient.setQueryData(UNREAD_COUNT_KEY, { unread: 0 });
      queryClient.setQueryData<Page<AppNotification>>(LATEST_UNREAD_KEY, { items: [], next_cursor: null });
    },
  });

  useTopic('notifications', (frame: LiveFrame) => {
    if (frame.type === 'notification') {
      queryClient.setQueryData<{ unread: number }>(UNREAD_COUNT_KEY, (old) => ({ unread: (old?.unread ?? 0) + 1 }));
      void queryClient.invalidateQueries({ queryKey: LATEST_UNREAD_KEY });
    } else if (frame.type === 'unread_count') {
      const count = (frame.data as { unread?: unknown } | null)?.unread;
      if (typeof count === 'number') queryClient.setQueryData(UNREAD_COUNT_KEY, { unread: count });
    } else if (frame.type === 'subscribed') {
      subscriptions.current += 1;
      if (subscriptions.current > 1) void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    }
  });

  const count = unread.data?.unread ?? 0;
  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-label={t('bell.label', { count })}
        onClick={() => setOpen((v) => !v)}
        className="relative flex h-9 w-9 items-center justify-center rounded-full text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {count > 0 && (
          <span
            data-testid="unread-badge"
            className="absolute -right-0.5 -top-0.5 min-w-[1.25rem] rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white"
          >
            {count > 99 ? `${formatNumber(99)}+` : formatNumber(count)}
          </span>
        )}
      </button>
      {open && (
        <section
          aria-label={t('bell.title')}
          className="absolute right-0 z-20 mt-2 w-80 rounded-md border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <div className="mb-2 flex items-center justify-between">
            <h2 className="text-sm font-semibold">{t('bell.title')}</h2>
            {count > 0 && (
              <button type="button" className="btn-secondary" onClick={() => markAllRead.mutate()}>
                {t('bell.markAllRead')}
              </button>
            )}
          </div>
          <NotificationList query={latest} />
        </section>
      )}
    </div>
  );
}
