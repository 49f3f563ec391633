import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { page, renderSettings } from './testUtils';

const me = meFixture('analyst');
const key = {
  id: 'key-1',
  name: 'CI nightly',
  prefix: 'pk_ab12',
  role: 'operator',
  created_by: me.id,
  created_at: '2026-01-02T00:00:00.000Z',
  expires_at: null,
  last_used_at: null,
  revoked_at: null,
};

describe('ApiKeysPage', () => {
  it('says what to do when there are no keys', async () => {
    mockFetch({ 'GET /api/v1/me': json(me), 'GET /api/v1/api-keys': json(page([])), 'GET /api/v1/users': json(page([])) });
    renderSettings('/settings/api-keys');
    expect(await screen.findByRole('heading', { name: 'No API keys yet' })).toBeInTheDocument();
  });

  it('creates a key and shows its secret once', async () => {
    const created = { ...key, id: 'key-2', name: 'Deploy', role: 'viewer', key: 'pk_secretvalue123' };
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(me),
      'GET /api/v1/users': json(page([])),
      'GET /api/v1/api-keys': [json(page([key])), json(page([created, key]))],
      'POST /api/v1/api-keys': json(created, 201),
    });
    renderSettings('/settings/api-keys');
    const user = userEvent.setup();
    const table = await screen.findByRole('table');
    expect(within(table).getByText('CI nightly')).toBeInTheDocument();
    expect(within(table).getByText('pk_ab12…')).toBeInTheDocument();
    // A key's role may not exceed its creator's: an analyst is not offered admin.
    const role = screen.getByLabelText('Role');
    expect(within(role).queryByRole('option', { name: 'Admin' })).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Name'), 'Deploy');
    await user.selectOptions(role, 'viewer');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByTestId('secret-value')).toHaveTextContent('pk_secretvalue123');
    expect(screen.getByText(/it is shown only this once/)).toBeInTheDocument();
    expect(callsTo('POST /api/v1/api-keys')[0]?.body).toEqual({ name: 'Deploy', role: 'viewer' });
    expect(await within(screen.getByRole('table')).findByText('Deploy')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'I have stored the key' }));
    expect(screen.queryByTestId('secret-value')).not.toBeInTheDocument();
    expect(screen.queryByText('pk_secretvalue123')).not.toBeInTheDocument();
  });

  it('shows server validation errors at the field', async () => {
    mockFetch({
      'GET /api/v1/me': json(me),
      'GET /api/v1/users': json(page([])),
      'GET /api/v1/api-keys': json(page([])),
      'POST /api/v1/api-keys': problem(400, 'validation-failed', 'Invalid', undefined, [{ field: 'name', message: 'is too long' }]),
    });
    renderSettings('/settings/api-keys');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Name'), 'x');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('is too long')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
  });

  it('revokes a key after confirming', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(me),
      'GET /api/v1/users': json(page([])),
      'GET /api/v1/api-keys': [json(page([key])), json(page([{ ...key, revoked_at: '2026-01-05T00:00:00.000Z' }]))],
      'DELETE /api/v1/api-keys/key-1': { status: 204 },
    });
    renderSettings('/settings/api-keys');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Revoke the key CI nightly' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke this API key?' });
    expect(callsTo('DELETE /api/v1/api-keys/key-1')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('Revoked')).toBeInTheDocument();
    expect(callsTo('DELETE /api/v1/api-keys/key-1')).toHaveLength(1);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
