import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { renderSettings } from './testUtils';

describe('ScopePage', () => {
  it('shows the scope read-only to a member without scope:manage', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/me': json(meFixture('viewer')),
      'GET /api/v1/orgs/current/scope': json({ domains: ['example.com'], cidrs: ['10.0.0.0/24'] }),
    });
    renderSettings('/settings/scope');
    expect(await screen.findByText('example.com')).toBeInTheDocument();
    expect(screen.getByText('10.0.0.0/24')).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save scope' })).not.toBeInTheDocument();
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('saves the entries and shows each server error at its entry', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/orgs/current/scope': json({ domains: ['example.com'], cidrs: [] }),
      'PUT /api/v1/orgs/current/scope': [
        problem(400, 'validation-failed', 'Invalid', undefined, [{ field: 'domains[1]', message: 'is not a domain name' }]),
        json({ domains: ['example.com', 'example.org'], cidrs: ['10.0.0.0/24'] }),
      ],
    });
    renderSettings('/settings/scope');
    const user = userEvent.setup();
    expect(await screen.findByLabelText('Domains, entry 1')).toHaveValue('example.com');

    await user.click(screen.getByRole('button', { name: 'Add a domain' }));
    await user.click(screen.getByRole('button', { name: 'Add a domain' }));
    // The empty second row is not sent: the server's domains[1] is the third row.
    await user.type(screen.getByLabelText('Domains, entry 3'), 'bad name!');
    await user.click(screen.getByRole('button', { name: 'Add a range' }));
    await user.type(screen.getByLabelText('Address ranges (CIDR), entry 1'), '10.0.0.0/24');
    await user.click(screen.getByRole('button', { name: 'Save scope' }));
    expect(callsTo('PUT /api/v1/orgs/current/scope')[0]?.body).toEqual({
      domains: ['example.com', 'bad name!'],
      cidrs: ['10.0.0.0/24'],
    });
    expect(await screen.findByText('is not a domain name')).toBeInTheDocument();
    expect(screen.getByLabelText('Domains, entry 3')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Domains, entry 1')).not.toHaveAttribute('aria-invalid');

    const third = screen.getByLabelText('Domains, entry 3');
    await user.clear(third);
    await user.type(third, 'example.org');
    await user.click(screen.getByRole('button', { name: 'Save scope' }));
    expect(await screen.findByText(/The scope is saved/)).toBeInTheDocument();
    const domains = screen.getByRole('group', { name: 'Domains' });
    expect(within(domains).getAllByRole('textbox').map((i) => (i as HTMLInputElement).value)).toEqual([
      'example.com',
      'example.org',
    ]);
  });
});
