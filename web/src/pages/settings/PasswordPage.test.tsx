import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { renderSettings } from './testUtils';

describe('PasswordPage', () => {
  it('changes the password with the current one and says how many other sessions ended', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'POST /api/v1/me/password': json({ sessions_revoked: 2 }),
    });
    renderSettings('/settings/password');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), 'old passphrase here');
    await user.type(screen.getByLabelText('New password'), 'a brand new passphrase 42');
    await user.type(screen.getByLabelText('New password, again'), 'a brand new passphrase 42');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Your password is changed. 2 other sessions were signed out.')).toBeInTheDocument();
    expect(callsTo('POST /api/v1/me/password')[0]?.body).toEqual({
      current_password: 'old passphrase here',
      new_password: 'a brand new passphrase 42',
    });
    expect(screen.getByLabelText('Current password')).toHaveValue('');
    expect(screen.getByRole('link', { name: 'Reset it by e-mail' })).toHaveAttribute('href', '/reset-password');
  });

  it('refuses two different new passwords without asking the server', async () => {
    const { callsTo } = mockFetch({ 'GET /api/v1/me': json(meFixture()) });
    renderSettings('/settings/password');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), 'old passphrase here');
    await user.type(screen.getByLabelText('New password'), 'a brand new passphrase 42');
    await user.type(screen.getByLabelText('New password, again'), 'a brand new passphrase 43');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The two new passwords are not the same.')).toBeInTheDocument();
    expect(callsTo('POST /api/v1/me/password')).toHaveLength(0);
  });

  it('shows a wrong current password at its field', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'POST /api/v1/me/password': problem(400, 'validation-failed', 'Validation failed', 'the current password is wrong', [
        { field: 'current_password', message: 'the current password is wrong' },
      ]),
    });
    renderSettings('/settings/password');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), 'not it');
    await user.type(screen.getByLabelText('New password'), 'a brand new passphrase 42');
    await user.type(screen.getByLabelText('New password, again'), 'a brand new passphrase 42');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('the current password is wrong')).toBeInTheDocument();
    expect(screen.getByLabelText('Current password')).toHaveAttribute('aria-invalid', 'true');
  });
});
