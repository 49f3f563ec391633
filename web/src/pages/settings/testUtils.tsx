// Test helpers for the settings screens: render a settings path with the real routes, and canned API objects.
import { Routes } from 'react-router-dom';
import { renderApp } from '../../test/render';
import { settingsRoutes } from './routes';

export function renderSettings(path: string) {
  return renderApp(<Routes>{settingsRoutes}</Routes>, { path });
}

export const page = <T,>(items: T[], next_cursor: string | null = null) => ({ items, next_cursor });

export const memberFixture = (over: Record<string, unknown> = {}) => ({
  id: '0192f0c4-0000-7000-8000-000000000002',
  email: 'bo@example.com',
  display_name: 'Bo Viewer',
  email_verified: true,
  active: true,
  totp_enabled: false,
  role: 'viewer',
  created_at: '2026-01-03T00:00:00.000Z',
  ...over,
});

export const webhookFixture = (over: Record<string, unknown> = {}) => ({
  id: 'wh-1',
  name: 'SIEM',
  url: 'https://siem.example.com/hook',
  enabled: true,
  allow_private: false,
  secret_hint: 'whsec_abcd',
  created_by: null,
  created_at: '2026-01-02T00:00:00.000Z',
  updated_at: '2026-01-02T00:00:00.000Z',
  ...over,
});
