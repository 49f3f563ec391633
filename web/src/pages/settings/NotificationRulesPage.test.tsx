import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { page, renderSettings, webhookFixture } from './testUtils';

const rule = {
  id: 'rule-1',
  name: 'High findings to the team',
  event: 'finding.new',
  enabled: true,
  min_severity: 'high',
  days_before: null,
  channels: { in_app: { to: 'roles', roles: ['admin', 'analyst'] }, email: { addresses: ['secops@example.com'] }, webhook_ids: ['wh-1'] },
  created_by: null,
  created_at: '2026-01-02T00:00:00.000Z',
  updated_at: '2026-01-02T00:00:00.000Z',
};

describe('NotificationRulesPage', () => {
  it('explains the defaults while there are no rules', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/notification-rules': json({ ...page([]), defaults_in_effect: true }),
      'GET /api/v1/webhooks': json(page([])),
    });
    renderSettings('/settings/notification-rules');
    expect(await screen.findByText('The default rules are in effect')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'No rules yet' })).toBeInTheDocument();
  });

  it('lists rules with their condition and channels', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/notification-rules': json({ ...page([rule]), defaults_in_effect: false }),
      'GET /api/v1/webhooks': json(page([webhookFixture()])),
    });
    renderSettings('/settings/notification-rules');
    const row = (await screen.findByText('High findings to the team')).closest('tr')!;
    expect(row).toHaveTextContent('New findings');
    expect(row).toHaveTextContent('High or higher');
    expect(row).toHaveTextContent('In the app: Admin, Analyst');
    expect(row).toHaveTextContent('E-mail: secops@example.com');
    expect(await within(row).findByText('Webhook: SIEM')).toBeInTheDocument();
  });

  it('creates a rule with the channels chosen', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/notification-rules': [json({ ...page([]), defaults_in_effect: true }), json({ ...page([rule]), defaults_in_effect: false })],
      'GET /api/v1/webhooks': json(page([webhookFixture()])),
      'POST /api/v1/notification-rules': json(rule, 201),
    });
    renderSettings('/settings/notification-rules');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add a rule' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a notification rule' });
    await user.type(within(dialog).getByLabelText('Name'), 'High findings to the team');
    await user.selectOptions(within(dialog).getByLabelText('Severity'), 'high');
    await user.selectOptions(within(dialog).getByLabelText('Who'), 'roles');
    const roles = within(dialog).getByRole('group', { name: 'Roles' });
    await user.click(within(roles).getByLabelText('Admin'));
    await user.click(within(roles).getByLabelText('Analyst'));
    await user.click(within(dialog).getByLabelText('By e-mail'));
    await user.type(within(dialog).getByLabelText('Addresses'), 'secops@example.com');
    await user.click(within(dialog).getByLabelText('SIEM'));
    await user.click(within(dialog).getByRole('button', { name: 'Add rule' }));

    expect(await screen.findByText('The rule “High findings to the team” is added.')).toBeInTheDocument();
    expect(callsTo('POST /api/v1/notification-rules')[0]?.body).toEqual({
      name: 'High findings to the team',
      event: 'finding.new',
      enabled: true,
      min_severity: 'high',
      channels: {
        in_app: { to: 'roles', roles: ['admin', 'analyst'] },
        email: { addresses: ['secops@example.com'] },
        webhook_ids: ['wh-1'],
      },
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows the server’s field errors in the form', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/notification-rules': json({ ...page([]), defaults_in_effect: true }),
      'GET /api/v1/webhooks': json(page([])),
      'POST /api/v1/notification-rules': problem(400, 'validation-failed', 'Invalid', undefined, [
        { field: 'days_before', message: 'is required for risk.expiring' },
      ]),
    });
    renderSettings('/settings/notification-rules');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add a rule' }));
    const dialog = screen.getByRole('dialog');
    await user.selectOptions(within(dialog).getByLabelText('Event'), 'risk.expiring');
    await user.clear(within(dialog).getByLabelText('Days before expiry (1 to 90)'));
    await user.click(within(dialog).getByRole('button', { name: 'Add rule' }));
    expect(await within(dialog).findByText('is required for risk.expiring')).toBeInTheDocument();
  });

  it('edits with PATCH and deletes after confirming', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/notification-rules': json({ ...page([rule]), defaults_in_effect: false }),
      'GET /api/v1/webhooks': json(page([webhookFixture()])),
      'PATCH /api/v1/notification-rules/rule-1': json({ ...rule, enabled: false }),
      'DELETE /api/v1/notification-rules/rule-1': { status: 204 },
    });
    renderSettings('/settings/notification-rules');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit the rule High findings to the team' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit notification rule' });
    await user.click(within(dialog).getByLabelText('Rule is enabled'));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('The rule “High findings to the team” is saved.')).toBeInTheDocument();
    const body = callsTo('PATCH /api/v1/notification-rules/rule-1')[0]?.body as Record<string, unknown>;
    expect(body.enabled).toBe(false);
    expect(body.days_before).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Delete the rule High findings to the team' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Delete this rule?' })).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('The rule is deleted.')).toBeInTheDocument();
    expect(callsTo('DELETE /api/v1/notification-rules/rule-1')).toHaveLength(1);
  });
});
