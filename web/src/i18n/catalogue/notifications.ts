// The notification centre.
import type { PluralForms } from './types';

export const notifications = {
  'notifications.title': 'Notifications',
  'notifications.unreadCount': {
    zero: 'No unread notifications',
    one: '{count} unread',
    other: '{count} unread',
  },
  'notifications.filter.label': 'Show',
  'notifications.filter.all': 'All',
  'notifications.filter.unread': 'Unread',
  'notifications.kindFilter': 'Event',
  'notifications.kindFilter.any': 'All events',
  'notifications.markAllRead': 'Mark all as read',
  'notifications.markingAllRead': 'Marking all as read…',
  'notifications.markRead': 'Mark as read',
  'notifications.markReadOf': 'Mark “{title}” as read',
  'notifications.unread': 'Unread',
  'notifications.read': 'Read',
  'notifications.list': 'Notifications, newest first',
  'notifications.loadFailed': 'The notifications could not be loaded.',
  'notifications.loadMoreFailed': 'More notifications could not be loaded.',
  'notifications.markFailed': 'The notification could not be marked as read.',
  'notifications.markAllFailed': 'The notifications could not be marked as read.',
  'notifications.newArrived': {
    one: '{count} new notification',
    other: '{count} new notifications',
  },

  'notifications.kind.finding.new': 'New findings',
  'notifications.kind.scan.finished': 'Scan finished',
  'notifications.kind.scan.failed': 'Scan failed',
  'notifications.kind.sla.breached': 'SLA breached',
  'notifications.kind.risk.expiring': 'Accepted risk expiring',
  'notifications.kind.other': 'Notification',

  'notifications.priority.urgent': 'Urgent',
  'notifications.priority.high': 'High priority',
  'notifications.priority.normal': 'Normal priority',
  'notifications.priority.low': 'Low priority',

  'notifications.empty.title': 'No notifications yet',
  'notifications.empty.body':
    'Palisade tells you here when one of your scans finishes or fails, when a scan finds new critical or high findings, when a finding breaches its SLA, and when an accepted risk is about to expire. New ones appear at the top as they happen.',
  'notifications.empty.rules':
    'Which events notify whom is set by admins in Settings → Notification rules.',
  'notifications.emptyUnread.title': 'You are all caught up',
  'notifications.emptyUnread.body': 'There are no unread notifications. Choose “All” to see the ones you have read.',
  'notifications.emptyKind.title': 'No notifications for this event',
  'notifications.emptyKind.body': 'Choose “All events” to see every notification.',
} as const satisfies Record<string, string | PluralForms>;
