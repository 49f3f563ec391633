import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CSRF, json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { renderSettings } from './testUtils';

describe('ProfilePage', () => {
  it('shows the account and saves a new display name with PATCH /api/v1/me', async () => {
    document.cookie = `palisade_csrf=${CSRF}; Path=/`;
    const me = meFixture('analyst');
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(me),
      'PATCH /api/v1/me': json({ ...me, display_name: 'Ana Lytic' }),
    });
    renderSettings('/settings/profile');
    const user = userEvent.setup();
    const name = await screen.findByLabelText('Display name');
    expect(name).toHaveValue('Ana Lyst');
    expect(screen.getByLabelText('E-mail address')).toHaveValue('ana@example.com');
    expect(screen.getByLabelText('E-mail address')).toHaveAttribute('readonly');
    expect(screen.getByText('Analyst')).toBeInTheDocument();
    expect(screen.getByText('Example Corp')).toBeInTheDocument();

    await user.clear(name);
    await user.type(name, 'Ana Lytic');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Your display name is saved.')).toBeInTheDocument();
    const patch = callsTo('PATCH /api/v1/me')[0];
    expect(patch?.body).toEqual({ display_name: 'Ana Lytic' });
    expect(patch?.headers.get('X-CSRF-Token')).toBe(CSRF);
  });

  it('shows the server’s validation message at the field', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'PATCH /api/v1/me': problem(400, 'validation-failed', 'Invalid input', 'display_name: too long', [
        { field: 'display_name', message: 'must be at most 200 characters' },
      ]),
    });
    renderSettings('/settings/profile');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    const field = screen.getByLabelText('Display name');
    expect(await screen.findByText('must be at most 200 characters')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
