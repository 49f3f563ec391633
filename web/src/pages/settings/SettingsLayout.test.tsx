import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch } from '../../test/fetchMock';
import { renderSettings } from './testUtils';

describe('Settings layout', () => {
  it('sends /settings to the profile and lists every section to an admin', async () => {
    mockFetch({ 'GET /api/v1/me': json(meFixture('admin')) });
    renderSettings('/settings');
    expect(await screen.findByRole('heading', { name: 'Profile' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Settings sections' });
    const links = within(nav).getAllByRole('link').map((a) => a.textContent);
    expect(links).toEqual([
      'Profile',
      'Password',
      'Two-factor authentication',
      'API keys',
      'Scan scope',
      'Members and roles',
      'Invitations',
      'SLA policy',
      'Notification rules',
      'Webhooks',
      'Audit log',
    ]);
    expect(within(nav).getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page');
  });

  it('hides the sections a viewer may not use', async () => {
    mockFetch({ 'GET /api/v1/me': json(meFixture('viewer')) });
    renderSettings('/settings/profile');
    const nav = await screen.findByRole('navigation', { name: 'Settings sections' });
    const links = within(nav).getAllByRole('link').map((a) => a.textContent);
    expect(links).toEqual(['Profile', 'Password', 'Two-factor authentication', 'API keys', 'Scan scope', 'SLA policy']);
    expect(within(nav).queryByRole('link', { name: 'Audit log' })).not.toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Members and roles' })).not.toBeInTheDocument();
  });

  it('says so, without asking the API, when a viewer opens a section by its address', async () => {
    const { calls } = mockFetch({ 'GET /api/v1/me': json(meFixture('viewer')) });
    renderSettings('/settings/audit');
    expect(await screen.findByRole('alert')).toHaveTextContent('This section is not available to your role.');
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/me']);
  });
});
