// Updates of the centre's cached pages: a pushed notification goes on top, reads mark items in place.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { AppNotification, Page } from '../../api/types';
import { CENTRE_KEY, filterOfKey } from './types';

export type NotificationPages = InfiniteData<Page<AppNotification>, string | null>;

function eachCentreList(queryClient: QueryClient, update: (key: readonly unknown[], data: NotificationPages) => NotificationPages) {
  for (const [key, data] of queryClient.getQueriesData<NotificationPages>({ queryKey: CENTRE_KEY })) {
    if (data) queryClient.setQueryData<NotificationPages>(key, update(key, data));
  }
}

function mapItems(data: NotificationPages, fn: (n: AppNotification) => AppNotification): NotificationPages {
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map(fn) })) };
}

/** Puts a pushed notification at the top of every loaded list it belongs in (once, whatever the repeats). */
export function prependNotification(queryClient: QueryClient, notification: AppNotification): void {
  eachCentreList(queryClient, (key, data) => {
    const filter = filterOfKey(key);
    if (filter.unread && notification.read) return data;
    if (filter.kind && filter.kind !== notification.kind) return data;
    if (data.pages.some((page) => page.items.some((n) => n.id === notification.id))) return data;
    const [first, ...rest] = data.pages;
    if (!first) return data;
    return { ...data, pages: [{ ...first, items: [notification, ...first.items] }, ...rest] };
  });
}

/** Replaces one notification (the answer of POST …/{id}/read) wherever it is listed. */
export function replaceNotification(queryClient: QueryClient, notification: AppNotification): void {
  eachCentreList(queryClient, (_key, data) => mapItems(data, (n) => (n.id === notification.id ? notification : n)));
}

/** Marks every listed notification read (after read-all, or when the unread count drops to zero). */
export function markAllListedRead(queryClient: QueryClient, at: string): void {
  eachCentreList(queryClient, (_key, data) => mapItems(data, (n) => (n.read ? n : { ...n, read: true, read_at: at })));
}
