import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { page, renderSettings, webhookFixture } from './testUtils';

const delivery = {
  id: 'd-1',
  webhook_id: 'wh-1',
  delivery_id: 'dl-1',
  event_id: 'ev-1',
  event: 'webhook.test',
  attempt: 1,
  outcome: 'delivered',
  status_code: 204,
  duration_ms: 1234,
  error: '',
  at: '2026-01-02T03:04:05.000Z',
};

describe('WebhooksPage', () => {
  it('says what to do when there are none', async () => {
    mockFetch({ 'GET /api/v1/me': json(meFixture('admin')), 'GET /api/v1/webhooks': json(page([])) });
    renderSettings('/settings/webhooks');
    expect(await screen.findByRole('heading', { name: 'No webhooks yet' })).toBeInTheDocument();
  });

  it('creates a webhook and shows its signing secret once', async () => {
    const created = { ...webhookFixture(), secret: 'whsec_0123456789abcdef' };
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/webhooks': [json(page([])), json(page([webhookFixture()]))],
      'POST /api/v1/webhooks': json(created, 201),
    });
    renderSettings('/settings/webhooks');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add a webhook' }));
    const form = screen.getByRole('dialog', { name: 'Add a webhook' });
    await user.type(within(form).getByLabelText('Name'), 'SIEM');
    const url = within(form).getByLabelText('URL');
    await user.clear(url);
    await user.type(url, 'https://siem.example.com/hook');
    await user.click(within(form).getByRole('button', { name: 'Add webhook' }));

    const secretDialog = await screen.findByRole('dialog', { name: 'Webhook added' });
    expect(within(secretDialog).getByTestId('secret-value')).toHaveTextContent('whsec_0123456789abcdef');
    expect(callsTo('POST /api/v1/webhooks')[0]?.body).toEqual({
      name: 'SIEM',
      url: 'https://siem.example.com/hook',
      enabled: true,
      allow_private: false,
    });
    await user.click(within(secretDialog).getByRole('button', { name: 'I have stored the secret' }));
    expect(screen.queryByText('whsec_0123456789abcdef')).not.toBeInTheDocument();
    expect(await screen.findByText('Secret whsec_abcd…')).toBeInTheDocument();
  });

  it('shows a refused URL at the field', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/webhooks': json(page([])),
      'POST /api/v1/webhooks': problem(422, 'url-refused', 'URL refused', 'private address', [
        { field: 'url', message: 'resolves to a private address' },
      ]),
    });
    renderSettings('/settings/webhooks');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add a webhook' }));
    const form = screen.getByRole('dialog');
    await user.type(within(form).getByLabelText('Name'), 'Internal');
    await user.type(within(form).getByLabelText('URL'), '10.0.0.1/hook');
    await user.click(within(form).getByRole('button', { name: 'Add webhook' }));
    expect(await within(form).findByText('resolves to a private address')).toBeInTheDocument();
    expect(within(form).getByLabelText('URL')).toHaveAttribute('aria-invalid', 'true');
  });

  it('sends a test and shows the attempt', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/webhooks': json(page([webhookFixture()])),
      'POST /api/v1/webhooks/wh-1/test': json({ ...delivery, outcome: 'failed', status_code: 503, error: 'HTTP 503' }),
    });
    renderSettings('/settings/webhooks');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Send a test event to SIEM' }));
    const result = await screen.findByText('Test:');
    expect(result.parentElement).toHaveTextContent('Failed');
    expect(result.parentElement).toHaveTextContent('HTTP 503, 1,234 ms');
    expect(callsTo('POST /api/v1/webhooks/wh-1/test')).toHaveLength(1);
  });

  it('changes only the fields edited, and deletes after confirming', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/webhooks': json(page([webhookFixture()])),
      'PATCH /api/v1/webhooks/wh-1': json(webhookFixture({ enabled: false })),
      'DELETE /api/v1/webhooks/wh-1': { status: 204 },
    });
    renderSettings('/settings/webhooks');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit the webhook SIEM' }));
    await user.click(within(screen.getByRole('dialog')).getByLabelText('Send events to this webhook'));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('The webhook “SIEM” is saved.')).toBeInTheDocument();
    expect(callsTo('PATCH /api/v1/webhooks/wh-1')[0]?.body).toEqual({ enabled: false });

    await user.click(screen.getByRole('button', { name: 'Delete the webhook SIEM' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Delete this webhook?' })).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('The webhook “SIEM” is deleted.')).toBeInTheDocument();
    expect(callsTo('DELETE /api/v1/webhooks/wh-1')).toHaveLength(1);
  });
});

describe('WebhookDeliveriesPage', () => {
  it('lists the attempts newest first and loads more with the cursor', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/webhooks/wh-1': json(webhookFixture()),
      'GET /api/v1/webhooks/wh-1/deliveries': [
        json(page([delivery], 'next-1')),
        json(page([{ ...delivery, id: 'd-0', outcome: 'retrying', status_code: 0, attempt: 2, error: 'timed out after 10000 ms' }])),
      ],
    });
    renderSettings('/settings/webhooks/wh-1');
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'Delivery log: SIEM' })).toBeInTheDocument();
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('Delivered');
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('HTTP 204');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    const second = (await within(table).findByText('timed out after 10000 ms')).closest('tr')!;
    expect(second).toHaveTextContent('Retrying');
    expect(second).toHaveTextContent('No answer');
    expect(callsTo('GET /api/v1/webhooks/wh-1/deliveries')[1]?.url).toBe('/api/v1/webhooks/wh-1/deliveries?limit=50&cursor=next-1');
  });
});
