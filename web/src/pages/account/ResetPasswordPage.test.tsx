import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderAccount, unauthenticated } from './testing';

const spent = problem(400, 'validation-failed', 'Validation failed', 'token is invalid, used or expired', [
  { field: 'token', message: 'token is invalid, used or expired' },
]);

describe('ResetPasswordPage, without a token', () => {
  it('asks for the reset mail and answers the same whether or not the account exists', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/password-reset/request': json({ status: 'accepted' }, 202),
    });
    renderAccount('/reset-password');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('E-mail address'), 'ana@example.com ');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByText(/If an account exists for ana@example.com, we sent it a link/)).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/password-reset/request')[0]?.body).toEqual({ email: 'ana@example.com' });
    await user.click(screen.getByRole('button', { name: 'Send another link' }));
    expect(screen.getByLabelText('E-mail address')).toBeInTheDocument();
  });

  it('shows the server’s error for the address', async () => {
    mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/password-reset/request': problem(400, 'validation-failed', 'Validation failed', 'email', [
        { field: 'email', message: 'is not a valid e-mail address' },
      ]),
    });
    renderAccount('/reset-password');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('E-mail address'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    const email = screen.getByLabelText('E-mail address');
    await waitFor(() => expect(email).toHaveAccessibleDescription('is not a valid e-mail address'));
  });
});

describe('ResetPasswordPage, with a token', () => {
  it('sets the new password and goes to sign-in with a success message', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/password-reset/confirm': json({ status: 'password_changed' }),
    });
    renderAccount('/reset-password?token=reset_tok');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('New password'), 'violet kettle orbit 42');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Palisade' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your password was changed.');
    expect(callsTo('POST /api/v1/auth/password-reset/confirm')[0]?.body).toEqual({
      token: 'reset_tok',
      password: 'violet kettle orbit 42',
    });
  });

  it('explains a spent or expired link and links to a new request', async () => {
    mockFetch({ 'GET /api/v1/me': unauthenticated, 'POST /api/v1/auth/password-reset/confirm': spent });
    renderAccount('/reset-password?token=old');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('New password'), 'violet kettle orbit 42');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This reset link no longer works');
    await user.click(screen.getByRole('link', { name: 'Ask for a new link' }));
    expect(await screen.findByRole('button', { name: 'Send reset link' })).toBeInTheDocument();
  });

  it('shows the password rule the server refused', async () => {
    mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/password-reset/confirm': problem(400, 'validation-failed', 'Validation failed', 'short', [
        { field: 'password', message: 'password must be at least 12 characters' },
      ]),
    });
    renderAccount('/reset-password?token=t');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('New password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    const password = screen.getByLabelText('New password');
    await waitFor(() => expect(password).toHaveAttribute('aria-invalid', 'true'));
    expect(password).toHaveAccessibleDescription(expect.stringContaining('password must be at least 12 characters'));
    expect(screen.queryByRole('heading', { name: 'Sign in to Palisade' })).not.toBeInTheDocument();
  });
});
