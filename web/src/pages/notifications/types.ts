// The notification centre's filters and cache keys (docs/api.md "In-app notifications").
import type { AppNotification } from '../../api/types';

/** The `kind` of a notification: the event that raised it (NotificationEvent in the OpenAPI). */
export const NOTIFICATION_KINDS = ['finding.new', 'scan.finished', 'scan.failed', 'sla.breached', 'risk.expiring'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationFilter {
  unread: boolean;
  kind: NotificationKind | null;
}

/** Every list of the centre lives under this key; it starts with the bell's 'notifications', so a reconnect refreshes it too. */
export const CENTRE_KEY = ['notifications', 'centre'] as const;

export type CentreKey = readonly ['notifications', 'centre', 'unread' | 'all', NotificationKind | 'any'];

export function centreKey(filter: NotificationFilter): CentreKey {
  return [...CENTRE_KEY, filter.unread ? 'unread' : 'all', filter.kind ?? 'any'];
}

export function filterOfKey(key: readonly unknown[]): NotificationFilter {
  const kind = key[3];
  return {
    unread: key[2] === 'unread',
    kind: NOTIFICATION_KINDS.includes(kind as NotificationKind) ? (kind as NotificationKind) : null,
  };
}

export function isNotificationKind(value: string | null): value is NotificationKind {
  return value !== null && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** A pushed `notification` frame's data, when it has the shape of one. */
export function asNotification(data: unknown): AppNotification | null {
  if (typeof data !== 'object' || data === null) return null;
  const n = data as Partial<AppNotification>;
  if (typeof n.id !== 'string' || typeof n.title !== 'string' || typeof n.created_at !== 'string') return null;
  return {
    id: n.id,
    kind: typeof n.kind === 'string' ? n.kind : '',
    priority: n.priority ?? 'normal',
    title: n.title,
    body: typeof n.body === 'string' ? n.body : '',
    link: typeof n.link === 'string' ? n.link : '',
    read: n.read === true,
    read_at: n.read_at ?? null,
    created_at: n.created_at,
  };
}

/** A link the UI can follow in-app: a path of this origin ("/scans/<id>"), never "//host" or a URL. */
export function inAppLink(link: string): string | null {
  if (!link.startsWith('/') || link.startsWith('//') || link.startsWith('/\\')) return null;
  return link;
}
