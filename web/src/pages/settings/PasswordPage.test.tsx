import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { renderSettings } from './testUtils';

describe('PasswordPage', () => {
  it('mails a reset link to the signed-in address and links to the reset page', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'POST /api/v1/auth/password-reset/request': { status: 202 },
    });
    renderSettings('/settings/password');
    const user = userEvent.setup();
    expect(await screen.findByRole('link', { name: 'Open the password reset page' })).toHaveAttribute('href', '/reset-password');
    await user.click(screen.getByRole('button', { name: 'Send me a reset link' }));
    expect(await screen.findByText(/a reset link is on its way to ana@example.com/)).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/password-reset/request')[0]?.body).toEqual({ email: 'ana@example.com' });
  });

  it('explains a refusal', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'POST /api/v1/auth/password-reset/request': problem(429, 'rate-limited', 'Too many requests', 'slow down'),
    });
    renderSettings('/settings/password');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Send me a reset link' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The reset link could not be sent.');
  });
});
