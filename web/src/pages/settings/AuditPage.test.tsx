import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { memberFixture, page, renderSettings } from './testUtils';

const entry = {
  seq: 42,
  id: 'a-42',
  at: '2026-01-02T03:04:05.000Z',
  org_id: 'o1',
  actor_user_id: 'u1',
  actor_key_id: null,
  actor_label: 'ana@example.com',
  action: 'auth.login',
  object_type: 'user',
  object_id: 'u1',
  client_ip: '203.0.113.9',
  request_id: 'r1',
  outcome: 'failure',
  summary: 'wrong password',
  prev_hash: 'x',
  hash: 'y',
};

describe('AuditPage', () => {
  it('lists entries in a table and pages with the cursor', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/users': json(page([memberFixture()])),
      'GET /api/v1/audit': [json(page([entry], '42')), json(page([{ ...entry, id: 'a-41', seq: 41, summary: 'older one', outcome: 'success' }]))],
    });
    renderSettings('/settings/audit');
    const user = userEvent.setup();
    const table = await screen.findByRole('table');
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('ana@example.com');
    expect(row).toHaveTextContent('auth.login');
    expect(row).toHaveTextContent('Failure');
    expect(row).toHaveTextContent('wrong password');
    expect(row).toHaveTextContent('203.0.113.9');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('older one')).toBeInTheDocument();
    expect(callsTo('GET /api/v1/audit')[1]?.url).toBe('/api/v1/audit?limit=50&cursor=42');
  });

  it('sends the filters as the API names them', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/users': json(page([memberFixture()])),
      'GET /api/v1/audit': [json(page([entry])), json(page([]))],
    });
    renderSettings('/settings/audit');
    const user = userEvent.setup();
    await screen.findByRole('table');
    await user.type(screen.getByLabelText('Action'), 'auth.*');
    await user.selectOptions(await screen.findByLabelText('Actor'), '0192f0c4-0000-7000-8000-000000000002');
    await user.selectOptions(screen.getByLabelText('Outcome'), 'denied');
    await user.type(screen.getByLabelText('From'), '2026-01-01');
    await user.type(screen.getByLabelText('To'), '2026-01-31');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByRole('heading', { name: 'No entries match these filters' })).toBeInTheDocument();
    const url = new URL(callsTo('GET /api/v1/audit')[1]!.url, 'http://x');
    expect(url.searchParams.get('action')).toBe('auth.*');
    expect(url.searchParams.get('actor')).toBe('0192f0c4-0000-7000-8000-000000000002');
    expect(url.searchParams.get('outcome')).toBe('denied');
    expect(url.searchParams.get('since')).toBe(new Date('2026-01-01T00:00:00').toISOString().replace('.000Z', 'Z'));
    expect(url.searchParams.get('until')).toBe(new Date('2026-02-01T00:00:00').toISOString().replace('.000Z', 'Z'));
  });

  it('shows a refused filter at its field', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('admin')),
      'GET /api/v1/users': json(page([])),
      'GET /api/v1/audit': [
        json(page([])),
        problem(400, 'validation-failed', 'Invalid', undefined, [{ field: 'action', message: 'may end with * but not contain it elsewhere' }]),
      ],
    });
    renderSettings('/settings/audit');
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'No audit entries yet' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Action'), 'a*b');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('may end with * but not contain it elsewhere')).toBeInTheDocument();
    expect(screen.getByLabelText('Action')).toHaveAttribute('aria-invalid', 'true');
  });
});
