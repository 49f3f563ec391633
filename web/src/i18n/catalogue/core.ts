// Shared strings: the shell, sign-in, errors, the dashboard's scan table.
import type { PluralForms } from './types';

export const core = {
  'app.name': 'Palisade',
  'app.skipToContent': 'Skip to content',
  'app.loading': 'Loading…',

  'nav.label': 'Main navigation',
  'nav.dashboard': 'Dashboard',
  'nav.scans': 'Scans',
  'nav.findings': 'Findings',
  'nav.assets': 'Assets',
  'nav.notifications': 'Notifications',
  'nav.settings': 'Settings',

  'theme.label': 'Theme',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'theme.system': 'System',

  'userMenu.open': 'Account menu for {name}',
  'userMenu.signedInAs': 'Signed in as',
  'userMenu.role': 'Role: {role}',
  'userMenu.signOut': 'Sign out',

  'role.admin': 'Admin',
  'role.analyst': 'Analyst',
  'role.operator': 'Operator',
  'role.viewer': 'Viewer',

  'bell.label': {
    zero: 'Notifications, none unread',
    one: 'Notifications, {count} unread',
    other: 'Notifications, {count} unread',
  },
  'bell.title': 'Unread notifications',
  'bell.empty': 'You are all caught up.',
  'bell.markAllRead': 'Mark all as read',
  'bell.loadFailed': 'The notifications could not be loaded.',

  'auth.checkFailed': 'Your session could not be checked.',

  'signIn.title': 'Sign in to Palisade',
  'signIn.email': 'E-mail address',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.submitting': 'Signing in…',
  'signIn.totpTitle': 'Two-factor authentication',
  'signIn.totpHelp':
    'Enter the 6-digit code from your authenticator app. If you cannot use it, enter one of your recovery codes.',
  'signIn.totpCode': 'Authentication code or recovery code',
  'signIn.verify': 'Verify',
  'signIn.back': 'Use a different account',
  'signIn.error.credentials': 'The e-mail address or the password is not correct.',
  'signIn.error.totpInvalid': 'That code is not valid. Codes change every 30 seconds: try the current one.',
  'signIn.error.locked': 'Too many failed attempts. Try again in {minutes} min.',
  'signIn.error.lockedSoon': 'Too many failed attempts. Try again later.',

  'error.network': 'The server could not be reached. Check your connection and try again.',
  'error.server': 'The server could not complete the request (reference {requestId}). Try again in a moment.',
  'error.generic': 'Something went wrong: {detail}',
  'error.forbidden': 'Your role does not allow this.',
  'error.retry': 'Try again',

  'notFound.title': 'Page not found',
  'notFound.body': 'There is no page at this address.',
  'notFound.home': 'Go to the dashboard',

  'dashboard.title': 'Dashboard',
  'dashboard.latestScans': 'Latest scans',
  'dashboard.noScansTitle': 'No scans yet',
  'dashboard.noScansBody':
    'Scans started by your team, and scheduled scans, appear here with their state, progress and grade.',
  'dashboard.noScansScope': 'A scan can only cover what an admin has put in the organisation’s scope.',
  'dashboard.loadFailed': 'The latest scans could not be loaded.',

  'scan.targets': 'Targets',
  'scan.state': 'State',
  'scan.grade': 'Grade',
  'scan.findings': 'Findings',
  'scan.started': 'Created',
  'scan.moreTargets': '{first} and {count} more',
  'scan.progress': '{percent} done',
  'scan.noGrade': 'No grade',
  'scan.state.queued': 'Queued',
  'scan.state.running': 'Running',
  'scan.state.done': 'Done',
  'scan.state.failed': 'Failed',
  'scan.state.cancelled': 'Cancelled',

  'dialog.close': 'Close',

  'severity.critical': 'Critical',
  'severity.high': 'High',
  'severity.medium': 'Medium',
  'severity.low': 'Low',
  'severity.info': 'Info',

  'findingStatus.open': 'Open',
  'findingStatus.triaged': 'Triaged',
  'findingStatus.fixed': 'Fixed',
  'findingStatus.accepted_risk': 'Accepted risk',
  'findingStatus.false_positive': 'False positive',

  'list.loadMore': 'Load more',
  'list.loadingMore': 'Loading more…',
} as const satisfies Record<string, string | PluralForms>;
