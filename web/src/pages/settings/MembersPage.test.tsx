import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { memberFixture, page, renderSettings } from './testUtils';

describe('MembersPage', () => {
  it('lists members read-only for a role with users:read only, and pages with the cursor', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('analyst')),
      'GET /api/v1/users': [
        json(page([memberFixture()], 'c2')),
        json(page([memberFixture({ id: 'u3', email: 'cy@example.com', display_name: 'Cy', active: false })])),
      ],
    });
    renderSettings('/settings/members');
    const user = userEvent.setup();
    const table = await screen.findByRole('table');
    expect(within(table).getByText('Bo Viewer')).toBeInTheDocument();
    expect(within(table).queryByRole('combobox')).not.toBeInTheDocument();
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('Cy')).toBeInTheDocument();
    expect(within(table).getByText('Deactivated')).toBeInTheDocument();
    expect(callsTo('GET /api/v1/users')[1]?.url).toBe('/api/v1/users?limit=50&cursor=c2');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('changes a role after confirming, with PATCH /api/v1/users/{id}', async () => {
    const bo = memberFixture();
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/users': [json(page([bo])), json(page([{ ...bo, role: 'analyst' }]))],
      'PATCH /api/v1/users/0192f0c4-0000-7000-8000-000000000002': json({ ...bo, role: 'analyst' }),
    });
    renderSettings('/settings/members');
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Role of Bo Viewer'), 'analyst');
    const dialog = screen.getByRole('dialog', { name: 'Change this member’s role?' });
    expect(dialog).toHaveTextContent('Bo Viewer changes from Viewer to Analyst.');
    await user.click(within(dialog).getByRole('button', { name: 'Change role' }));
    expect(await screen.findByText('Bo Viewer is now Analyst.')).toBeInTheDocument();
    expect(callsTo('PATCH /api/v1/users/0192f0c4-0000-7000-8000-000000000002')[0]?.body).toEqual({ role: 'analyst' });
    expect(await screen.findByLabelText('Role of Bo Viewer')).toHaveValue('analyst');
  });

  it('keeps the dialog open with the reason when the last admin would be demoted', async () => {
    const admin = memberFixture({ role: 'admin' });
    mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/users': json(page([admin])),
      'PATCH /api/v1/users/0192f0c4-0000-7000-8000-000000000002': problem(409, 'conflict', 'Conflict', 'the organisation needs an active admin'),
    });
    renderSettings('/settings/members');
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Role of Bo Viewer'), 'viewer');
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Change role' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('the organisation needs an active admin');
  });

  it('deactivates after confirming, and unlocks', async () => {
    const bo = memberFixture();
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/users': json(page([bo])),
      'POST /api/v1/users/0192f0c4-0000-7000-8000-000000000002/deactivate': json({ ...bo, active: false }),
      'POST /api/v1/users/0192f0c4-0000-7000-8000-000000000002/unlock': { status: 204 },
    });
    renderSettings('/settings/members');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Clear the sign-in lockout of Bo Viewer' }));
    expect(await screen.findByText('The sign-in lockout of Bo Viewer is cleared.')).toBeInTheDocument();
    expect(callsTo('POST /api/v1/users/0192f0c4-0000-7000-8000-000000000002/unlock')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Deactivate Bo Viewer' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Deactivate' }));
    expect(await screen.findByText('Bo Viewer is deactivated.')).toBeInTheDocument();
    expect(callsTo('POST /api/v1/users/0192f0c4-0000-7000-8000-000000000002/deactivate')).toHaveLength(1);
  });
});

describe('MembersPage errors', () => {
  it('says what went wrong when the members cannot be loaded, and retries', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/users': [problem(503, 'unavailable', 'Service unavailable'), json(page([memberFixture()]))],
    });
    renderSettings('/settings/members');
    const user = userEvent.setup();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The members could not be loaded.');
    expect(alert).toHaveTextContent('reference req-unavailable');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Bo Viewer')).toBeInTheDocument();
    expect(callsTo('GET /api/v1/users')).toHaveLength(2);
  });
});
