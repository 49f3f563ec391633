import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { renderSettings } from './testUtils';

const defaults = { critical_days: 7, high_days: 30, medium_days: 90, low_days: 180, info_days: null, is_default: true };

describe('SlaPage', () => {
  it('shows the policy read-only without org:manage', async () => {
    mockFetch({ 'GET /api/v1/me': json(meFixture('analyst')), 'GET /api/v1/orgs/current/sla': json(defaults) });
    renderSettings('/settings/sla');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Critical7 days');
    expect(rows[5]).toHaveTextContent('InfoNo SLA');
    expect(screen.getByText('The default policy is in effect.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save policy' })).not.toBeInTheDocument();
  });

  it('saves days per severity, an empty field meaning no SLA', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/orgs/current/sla': json(defaults),
      'PUT /api/v1/orgs/current/sla': json({ ...defaults, critical_days: 3, low_days: null, is_default: false, updated_at: '2026-01-05T00:00:00.000Z' }),
    });
    renderSettings('/settings/sla');
    const user = userEvent.setup();
    const critical = await screen.findByLabelText('Critical (days)');
    await user.clear(critical);
    await user.type(critical, '3');
    await user.clear(screen.getByLabelText('Low (days)'));
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('The SLA policy is saved.')).toBeInTheDocument();
    expect(callsTo('PUT /api/v1/orgs/current/sla')[0]?.body).toEqual({
      critical_days: 3,
      high_days: 30,
      medium_days: 90,
      low_days: null,
      info_days: null,
    });
  });

  it('checks the range before sending, and shows server errors at the field', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/orgs/current/sla': json(defaults),
      'PUT /api/v1/orgs/current/sla': problem(400, 'validation-failed', 'Invalid', undefined, [
        { field: 'high_days', message: 'must be from 1 to 3650' },
      ]),
    });
    renderSettings('/settings/sla');
    const user = userEvent.setup();
    const critical = await screen.findByLabelText('Critical (days)');
    await user.clear(critical);
    await user.type(critical, '0');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(screen.getByText(/Enter a whole number of days/)).toBeInTheDocument();
    expect(callsTo('PUT /api/v1/orgs/current/sla')).toHaveLength(0);

    await user.clear(critical);
    await user.type(critical, '5');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('must be from 1 to 3650')).toBeInTheDocument();
    expect(screen.getByLabelText('High (days)')).toHaveAttribute('aria-invalid', 'true');
  });
});
