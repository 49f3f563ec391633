import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TOKEN_PAIR, json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { renderAccount, unauthenticated } from './testing';

const accepted = json({ status: 'accepted' }, 202);

async function fillForm(email = 'new@example.com') {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('E-mail address'), email);
  await user.type(screen.getByLabelText('Your name (optional)'), 'Nia New');
  await user.type(screen.getByLabelText('Password'), 'violet kettle orbit 42');
  await user.click(screen.getByRole('button', { name: 'Accept invitation' }));
  return user;
}

describe('AcceptInvitePage', () => {
  it('registers with the invitation token, then signs the new member in', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': [unauthenticated, json(meFixture())],
      'POST /api/v1/auth/register': accepted,
      'POST /api/v1/auth/login': json(TOKEN_PAIR),
    });
    renderAccount('/accept-invite?token=inv_123');
    await fillForm();
    expect(await screen.findByRole('heading', { name: 'Home page' })).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/register')[0]?.body).toEqual({
      email: 'new@example.com',
      password: 'violet kettle orbit 42',
      display_name: 'Nia New',
      invitation_token: 'inv_123',
    });
    expect(callsTo('POST /api/v1/auth/login')[0]?.body).toEqual({ email: 'new@example.com', password: 'violet kettle orbit 42' });
  });

  it('goes to sign-in with a message when signing in afterwards does not work', async () => {
    mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/register': accepted,
      'POST /api/v1/auth/login': problem(401, 'unauthenticated', 'Authentication required', 'invalid e-mail or password'),
    });
    renderAccount('/accept-invite?token=inv_123');
    await fillForm();
    expect(await screen.findByRole('heading', { name: 'Sign in to Palisade' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your invitation was accepted.');
  });

  it('explains an expired or used invitation', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/register': problem(400, 'validation-failed', 'Validation failed', 'invitation', [
        { field: 'invitation_token', message: 'invitation is invalid or has expired' },
      ]),
    });
    renderAccount('/accept-invite?token=old');
    await fillForm();
    expect(await screen.findByRole('alert')).toHaveTextContent('This invitation no longer works');
    expect(screen.getByRole('alert')).toHaveTextContent('Ask the admin who invited you to send a new invitation.');
    expect(callsTo('POST /api/v1/auth/login')).toHaveLength(0);
  });

  it('shows the server’s error when the address is not the invited one', async () => {
    mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/register': problem(400, 'validation-failed', 'Validation failed', 'email', [
        { field: 'email', message: 'must be the address the invitation was sent to' },
      ]),
    });
    renderAccount('/accept-invite?token=inv');
    await fillForm('other@example.com');
    const email = screen.getByLabelText('E-mail address');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('must be the address the invitation was sent to');
  });

  it('says the link is incomplete without a token', async () => {
    mockFetch({ 'GET /api/v1/me': unauthenticated });
    renderAccount('/accept-invite');
    expect(await screen.findByRole('alert')).toHaveTextContent('This invitation link is incomplete');
    expect(screen.queryByRole('button', { name: 'Accept invitation' })).not.toBeInTheDocument();
  });

  it('says when the server does not allow sign-up at all', async () => {
    mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/register': problem(403, 'forbidden', 'Forbidden', 'sign-up is disabled'),
    });
    renderAccount('/accept-invite?token=inv');
    await fillForm();
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-up is turned off on this server.');
  });
});
