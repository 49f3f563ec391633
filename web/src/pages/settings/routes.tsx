// The routes of this area: /settings/... (inside the shell).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.
import type { ReactElement } from 'react';
import { Navigate, Route } from 'react-router-dom';
import { lazyPage } from '../../shell/lazyPage';
import type { Permission } from '../../auth/permissions';
import { RequireSection, SettingsLayout } from './SettingsLayout';

const ApiKeysPage = lazyPage(() => import('./ApiKeysPage'), 'ApiKeysPage');
const AuditPage = lazyPage(() => import('./AuditPage'), 'AuditPage');
const InvitationsPage = lazyPage(() => import('./InvitationsPage'), 'InvitationsPage');
const MembersPage = lazyPage(() => import('./MembersPage'), 'MembersPage');
const NotificationRulesPage = lazyPage(() => import('./NotificationRulesPage'), 'NotificationRulesPage');
const PasswordPage = lazyPage(() => import('./PasswordPage'), 'PasswordPage');
const ProfilePage = lazyPage(() => import('./ProfilePage'), 'ProfilePage');
const ScopePage = lazyPage(() => import('./ScopePage'), 'ScopePage');
const SlaPage = lazyPage(() => import('./SlaPage'), 'SlaPage');
const TwoFactorPage = lazyPage(() => import('./TwoFactorPage'), 'TwoFactorPage');
const WebhookDeliveriesPage = lazyPage(() => import('./WebhookDeliveriesPage'), 'WebhookDeliveriesPage');
const WebhooksPage = lazyPage(() => import('./WebhooksPage'), 'WebhooksPage');

const guarded = (permission: Permission, page: ReactElement) => <RequireSection permission={permission}>{page}</RequireSection>;

export const settingsRoutes = (
  <Route path="settings" element={<SettingsLayout />}>
    <Route index element={<Navigate to="/settings/profile" replace />} />
    <Route path="profile" element={<ProfilePage />} />
    <Route path="password" element={<PasswordPage />} />
    <Route path="two-factor" element={guarded('session', <TwoFactorPage />)} />
    <Route path="api-keys" element={<ApiKeysPage />} />
    <Route path="scope" element={guarded('scans:read', <ScopePage />)} />
    <Route path="members" element={guarded('users:read', <MembersPage />)} />
    <Route path="invitations" element={guarded('users:manage', <InvitationsPage />)} />
    <Route path="sla" element={guarded('findings:read', <SlaPage />)} />
    <Route path="notification-rules" element={guarded('org:manage', <NotificationRulesPage />)} />
    <Route path="webhooks" element={guarded('org:manage', <WebhooksPage />)} />
    <Route path="webhooks/:id" element={guarded('org:manage', <WebhookDeliveriesPage />)} />
    <Route path="audit" element={guarded('audit:read', <AuditPage />)} />
  </Route>
);
