// The settings sections in menu order, with what the caller needs to see each (docs/api.md "Roles and permissions").
import type { Permission } from '../../auth/permissions';
import type { MessageKey } from '../../i18n';

export interface SettingsSection {
  path: string;
  label: MessageKey;
  permission: Permission;
}

export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  { path: 'profile', label: 'settings.nav.profile', permission: 'authenticated' },
  { path: 'password', label: 'settings.nav.password', permission: 'authenticated' },
  { path: 'two-factor', label: 'settings.nav.twoFactor', permission: 'session' },
  { path: 'api-keys', label: 'settings.nav.apiKeys', permission: 'authenticated' },
  { path: 'scope', label: 'settings.nav.scope', permission: 'scans:read' },
  { path: 'members', label: 'settings.nav.members', permission: 'users:read' },
  { path: 'invitations', label: 'settings.nav.invitations', permission: 'users:manage' },
  { path: 'sla', label: 'settings.nav.sla', permission: 'findings:read' },
  { path: 'notification-rules', label: 'settings.nav.rules', permission: 'org:manage' },
  { path: 'webhooks', label: 'settings.nav.webhooks', permission: 'org:manage' },
  { path: 'audit', label: 'settings.nav.audit', permission: 'audit:read' },
];
