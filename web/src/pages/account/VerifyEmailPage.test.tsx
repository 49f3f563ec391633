import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderAccount, unauthenticated } from './testing';

const spent = problem(400, 'validation-failed', 'Validation failed', 'token is invalid, used or expired', [
  { field: 'token', message: 'token is invalid, used or expired' },
]);

describe('VerifyEmailPage', () => {
  it('sends the token once, shows progress, then the success with a link to sign in', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/verify-email': json({ status: 'verified' }),
    });
    renderAccount('/verify-email?token=tok_verify_123');
    expect(await screen.findByRole('status')).toHaveTextContent('Confirming your e-mail address…');
    expect(await screen.findByRole('heading', { name: 'E-mail address confirmed' })).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/verify-email')).toHaveLength(1);
    expect(callsTo('POST /api/v1/auth/verify-email')[0]?.body).toEqual({ token: 'tok_verify_123' });
    const signIn = screen.getByRole('link', { name: 'Sign in' });
    expect(signIn).toHaveAttribute('href', '/sign-in?verified=1');
    await userEvent.setup().click(signIn);
    expect(await screen.findByText('Your e-mail address is confirmed. You can sign in now.')).toBeInTheDocument();
  });

  it('explains an expired or used link and what to do', async () => {
    mockFetch({ 'GET /api/v1/me': unauthenticated, 'POST /api/v1/auth/verify-email': spent });
    renderAccount('/verify-email?token=old');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This link no longer works');
    expect(alert).toHaveTextContent('Verification links work once, within 24 hours.');
    expect(screen.queryByRole('heading', { name: 'E-mail address confirmed' })).not.toBeInTheDocument();
  });

  it('says the link is incomplete when it has no token, and sends nothing', async () => {
    const { callsTo } = mockFetch({ 'GET /api/v1/me': unauthenticated });
    renderAccount('/verify-email');
    expect(await screen.findByRole('alert')).toHaveTextContent('This link is incomplete');
    expect(callsTo('POST /api/v1/auth/verify-email')).toHaveLength(0);
  });

  it('offers to try again when the server fails', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/verify-email': [problem(503, 'unavailable', 'Service unavailable'), json({ status: 'verified' })],
    });
    renderAccount('/verify-email?token=tok');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your e-mail address could not be confirmed');
    expect(alert).toHaveTextContent('reference req-unavailable');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'E-mail address confirmed' })).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/verify-email')).toHaveLength(2);
  });
});
