import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { page, renderSettings } from './testUtils';

const invitation = {
  id: 'inv-1',
  email: 'new@example.com',
  role: 'analyst',
  invited_by: 'u1',
  created_at: '2026-01-02T00:00:00.000Z',
  expires_at: '2099-01-09T00:00:00.000Z',
  accepted_at: null,
  revoked_at: null,
};

describe('InvitationsPage', () => {
  it('invites with e-mail and role, and lists the invitation', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/invitations': [json(page([])), json(page([invitation]))],
      'POST /api/v1/invitations': json(invitation, 201),
    });
    renderSettings('/settings/invitations');
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'No invitations yet' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('E-mail address'), 'new@example.com');
    await user.selectOptions(screen.getByLabelText('Role'), 'analyst');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByText('An invitation is on its way to new@example.com.')).toBeInTheDocument();
    expect(callsTo('POST /api/v1/invitations')[0]?.body).toEqual({ email: 'new@example.com', role: 'analyst' });
    const table = await screen.findByRole('table');
    expect(within(table).getByText('Pending')).toBeInTheDocument();
  });

  it('shows an address that already has an account as a form error', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/invitations': json(page([])),
      'POST /api/v1/invitations': problem(409, 'conflict', 'Conflict', 'the address already has an account'),
    });
    renderSettings('/settings/invitations');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('E-mail address'), 'bo@example.com');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The invitation could not be sent.');
    expect(alert).toHaveTextContent('the address already has an account');
  });

  it('revokes a pending invitation after confirming', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/invitations': [json(page([invitation])), json(page([{ ...invitation, revoked_at: '2026-01-03T00:00:00.000Z' }]))],
      'DELETE /api/v1/invitations/inv-1': { status: 204 },
    });
    renderSettings('/settings/invitations');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Revoke the invitation of new@example.com' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('The invitation of new@example.com is revoked.')).toBeInTheDocument();
    expect(callsTo('DELETE /api/v1/invitations/inv-1')).toHaveLength(1);
    expect(await screen.findByText('Revoked')).toBeInTheDocument();
  });
});
