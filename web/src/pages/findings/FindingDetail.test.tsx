import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebSocket } from '../../test/FakeWebSocket';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { findingFixture, members, renderFindings } from './testing';
import { endOfLocalDay } from './TriageDialog';

const finding = findingFixture({ id: 'f-1' });
const history = {
  items: [
    { id: 'h-1', at: '2026-01-03T00:00:00.000Z', actor: 'ana@example.com', actor_user_id: members.items[0]!.id, field: 'status', from: 'open', to: 'triaged', note: 'Looking into it' },
    { id: 'h-2', at: '2026-01-04T00:00:00.000Z', actor: 'system', actor_user_id: null, field: 'assignee_id', from: '', to: members.items[1]!.id, note: '' },
  ],
  next_cursor: null,
};
const comments = {
  items: [{ id: 'c-1', author: 'bob@example.com', author_id: members.items[1]!.id, text: 'Ticket OPS-12 opened', created_at: '2026-01-04T10:00:00.000Z' }],
  next_cursor: null,
};

function routes(role: 'analyst' | 'viewer' = 'analyst', extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/v1/me': json(meFixture(role)),
    'GET /api/v1/users': json(members),
    'GET /api/v1/findings/f-1': json(finding),
    'GET /api/v1/findings/f-1/history': json(history),
    'GET /api/v1/findings/f-1/comments': json(comments),
    ...extra,
  });
}

describe('FindingDetail', () => {
  beforeEach(() => FakeWebSocket.reset());

  it('shows evidence, recommendation, CVSS, safe references, SLA, history and comments on the full page', async () => {
    routes();
    renderFindings('/findings/f-1');
    expect(await screen.findByRole('heading', { level: 1, name: 'TLS 1.0 enabled' })).toBeInTheDocument();
    expect(screen.getByText('Server accepted TLSv1.0 handshake')).toBeInTheDocument();
    expect(screen.getByText('Disable TLS 1.0 and 1.1.')).toBeInTheDocument();
    expect(screen.getByText('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N')).toBeInTheDocument();
    expect(screen.getByText('3.7')).toBeInTheDocument();
    const link = screen.getByRole('link', { name: 'https://www.rfc-editor.org/rfc/rfc8996' });
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(link).toHaveAttribute('target', '_blank');
    // A reference that is not http(s) is shown as text, never as a link.
    expect(screen.getByText('javascript:alert(1)').closest('a')).toBeNull();
    expect(screen.getByRole('link', { name: 'scan-2' })).toHaveAttribute('href', '/scans/scan-2');
    expect(screen.getByRole('link', { name: 'asset-1' })).toHaveAttribute('href', '/assets/asset-1');
    expect(await screen.findByText('ana@example.com changed the status from Open to Triaged')).toBeInTheDocument();
    expect(screen.getByText('Looking into it')).toBeInTheDocument();
    expect(await screen.findByText('Palisade changed the assignee from none to Bob Ops')).toBeInTheDocument();
    expect(screen.getByText('Ticket OPS-12 opened')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All findings' })).toHaveAttribute('href', '/findings');
  });

  it('posts a comment and shows it', async () => {
    const posted = { id: 'c-2', author: 'ana@example.com', author_id: members.items[0]!.id, text: 'Fixed in\nrelease 4.2', created_at: '2026-01-05T10:00:00.000Z' };
    const { callsTo } = routes('analyst', {
      'GET /api/v1/findings/f-1/comments': [json(comments), json({ items: [...comments.items, posted], next_cursor: null })],
      'POST /api/v1/findings/f-1/comments': json(posted, 201),
    });
    renderFindings('/findings/f-1');
    const box = await screen.findByRole('textbox', { name: 'Add a comment' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Post comment' }));
    expect(screen.getByText('Write something first.')).toBeInTheDocument();
    await user.type(box, 'Fixed in{Shift>}{Enter}{/Shift}release 4.2');
    await user.click(screen.getByRole('button', { name: 'Post comment' }));
    await waitFor(() => expect(callsTo('POST /api/v1/findings/f-1/comments')).toHaveLength(1));
    expect(callsTo('POST /api/v1/findings/f-1/comments')[0]?.body).toEqual({ text: 'Fixed in\nrelease 4.2' });
    expect(await screen.findByText(/release 4\.2/)).toBeInTheDocument();
    await waitFor(() => expect(box).toHaveValue(''));
  });

  it('accepts a risk with a justification and an expiry date', async () => {
    const accepted = { ...finding, status: 'accepted_risk', justification: 'WAF blocks it', accepted_until: '2026-12-31T22:59:59.000Z' };
    const { callsTo } = routes('analyst', { 'PATCH /api/v1/findings/f-1': json(accepted) });
    renderFindings('/findings/f-1');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Accept risk…' }));
    const dialog = screen.getByRole('dialog', { name: 'Mark as Accepted risk' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Justification' }), 'WAF blocks it');
    const date = within(dialog).getByLabelText('Accepted until');
    fireEvent.change(date, { target: { value: '2099-06-30' } });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsTo('PATCH /api/v1/findings/f-1')).toHaveLength(1));
    expect(callsTo('PATCH /api/v1/findings/f-1')[0]?.body).toEqual({
      status: 'accepted_risk',
      justification: 'WAF blocks it',
      accepted_until: endOfLocalDay('2099-06-30'),
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Reopen' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Change acceptance…' })).toBeInTheDocument();
    expect(screen.getByText('WAF blocks it')).toBeInTheDocument();
  });

  it('needs a reason for a false positive and sends it as the note', async () => {
    const { callsTo } = routes('analyst', { 'PATCH /api/v1/findings/f-1': json({ ...finding, status: 'false_positive' }) });
    renderFindings('/findings/f-1');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'False positive…' }));
    const dialog = screen.getByRole('dialog', { name: 'Mark as False positive' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Say why this is a false positive, so others can check it later.')).toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: 'Why is it a false positive?' }), 'Load balancer health check');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsTo('PATCH /api/v1/findings/f-1')).toHaveLength(1));
    expect(callsTo('PATCH /api/v1/findings/f-1')[0]?.body).toEqual({ status: 'false_positive', note: 'Load balancer health check' });
  });

  it('explains a refused status move (409)', async () => {
    routes('analyst', { 'PATCH /api/v1/findings/f-1': problem(409, 'conflict', 'Conflict', 'status fixed -> triaged is not allowed') });
    renderFindings('/findings/f-1');
    await userEvent.click(await screen.findByRole('button', { name: 'Mark triaged' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('not allowed from the finding’s current status (status fixed -> triaged is not allowed)');
  });

  it('assigns a member and the table row shows the change at once', async () => {
    const list = { items: [finding, findingFixture({ id: 'f-2', title: 'Other' })], next_cursor: null };
    const assigned = { ...finding, status: 'triaged', assignee_id: members.items[1]!.id };
    const { callsTo } = routes('analyst', {
      'GET /api/v1/findings': json(list),
      'PATCH /api/v1/findings/f-1': json(assigned),
    });
    renderFindings('/findings');
    const table = await screen.findByRole('table');
    const user = userEvent.setup();
    await user.click(within(table).getByRole('link', { name: 'TLS 1.0 enabled' }));
    const panel = await screen.findByRole('complementary', { name: 'Finding details' });
    const select = await within(panel).findByRole('combobox', { name: 'Assignee' });
    await user.selectOptions(select, members.items[1]!.id);
    await waitFor(() => expect(callsTo('PATCH /api/v1/findings/f-1')).toHaveLength(1));
    expect(callsTo('PATCH /api/v1/findings/f-1')[0]?.body).toEqual({ assignee_id: members.items[1]!.id });
    const row = within(table).getAllByRole('row')[1]!;
    await waitFor(() => expect(row).toHaveTextContent('Bob Ops'));
    expect(row).toHaveTextContent('Triaged');
    // The list was not fetched again: the row was updated in place.
    expect(callsTo('GET /api/v1/findings')).toHaveLength(1);
  });

  it('says when the finding cannot be loaded', async () => {
    routes('analyst', { 'GET /api/v1/findings/f-1': problem(404, 'not-found', 'Not found', 'no such finding') });
    renderFindings('/findings/f-1');
    expect(await screen.findByRole('alert')).toHaveTextContent('This finding could not be loaded.');
  });
});
