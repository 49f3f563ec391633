import type { Permission } from '../auth/permissions';
import type { MessageKey } from '../i18n';

export interface NavItem {
  to: string;
  label: MessageKey;
  /** What the caller needs to use the screen: entries the role cannot use are not shown. */
  permission: Permission;
  /** False until the screen exists: the UI offers no route that leads nowhere. */
  built: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'nav.dashboard', permission: 'scans:read', built: true },
  { to: '/scans', label: 'nav.scans', permission: 'scans:read', built: true },
  { to: '/findings', label: 'nav.findings', permission: 'findings:read', built: true },
  { to: '/assets', label: 'nav.assets', permission: 'assets:read', built: true },
  { to: '/notifications', label: 'nav.notifications', permission: 'authenticated', built: true },
  { to: '/settings', label: 'nav.settings', permission: 'authenticated', built: true },
];

export function visibleNavItems(can: (p: Permission) => boolean, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((item) => item.built && can(item.permission));
}
