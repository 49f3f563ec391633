import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebSocket } from '../../test/FakeWebSocket';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { findingFixture, members, queryOf, renderFindings } from './testing';

const critical = findingFixture({ id: 'f-1', title: 'Default credentials on admin panel', severity: 'critical', check: 'http.auth.default', sla_breached: true });
const high = findingFixture({ id: 'f-2', title: 'TLS 1.0 enabled', severity: 'high', status: 'triaged', assignee_id: members.items[1]!.id });
const medium = findingFixture({ id: 'f-3', title: 'Missing HSTS header', severity: 'medium', check: 'http.headers.hsts', sla_due_at: null });

function page(items: unknown[], next_cursor: string | null = null) {
  return json({ items, next_cursor });
}

function baseRoutes(role: 'analyst' | 'viewer' = 'analyst') {
  return {
    'GET /api/v1/me': json(meFixture(role)),
    'GET /api/v1/users': json(members),
  };
}

async function rows() {
  const table = await screen.findByRole('table', { name: 'Findings matching the filters' });
  return within(table).getAllByRole('row').slice(1);
}

describe('FindingsPage', () => {
  beforeEach(() => FakeWebSocket.reset());

  it('lists findings with severity, title, check, target, status, assignee and SLA', async () => {
    const { callsTo } = mockFetch({ ...baseRoutes(), 'GET /api/v1/findings': page([critical, high, medium]) });
    renderFindings('/findings');
    const [first, second, third] = await rows();
    expect(first).toHaveTextContent('Critical');
    expect(first).toHaveTextContent('Default credentials on admin panel');
    expect(first).toHaveTextContent('http.auth.default');
    expect(first).toHaveTextContent('www.example.com');
    expect(first).toHaveTextContent('Open');
    expect(first).toHaveTextContent('Unassigned');
    expect(first).toHaveTextContent('SLA breached');
    expect(second).toHaveTextContent('Triaged');
    await waitFor(() => expect(second).toHaveTextContent('Bob Ops'));
    expect(third).toHaveTextContent('None');
    const query = queryOf(callsTo('GET /api/v1/findings')[0]?.url);
    expect(query.get('sort')).toBe('-severity');
    expect(query.get('limit')).toBe('50');
    expect(query.has('status')).toBe(false);
    expect(screen.getByText('Showing every status, closed findings included.')).toBeInTheDocument();
    expect(screen.getByText('3 findings')).toBeInTheDocument();
  });

  it('reads the filters from the URL into the request, and writes filter changes back to the URL', async () => {
    const { callsTo } = mockFetch({ ...baseRoutes(), 'GET /api/v1/findings': page([critical]) });
    const { location } = renderFindings('/findings?severity=critical&severity=high&status=open&sla_breached=true&scan_id=scan-9&q=admin');
    await rows();
    const first = queryOf(callsTo('GET /api/v1/findings')[0]?.url);
    expect(first.get('severity')).toBe('critical,high');
    expect(first.get('status')).toBe('open');
    expect(first.get('sla_breached')).toBe('true');
    expect(first.get('scan_id')).toBe('scan-9');
    expect(first.get('q')).toBe('admin');
    expect(screen.getByRole('button', { name: 'Critical', pressed: true })).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('admin');
    // The scan filter is visible, not hidden behind the disclosure.
    expect(screen.getByRole('textbox', { name: 'Seen by scan (ID)' })).toHaveValue('scan-9');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Medium', pressed: false }));
    expect(location()).toBe('/findings?severity=critical&severity=high&severity=medium&status=open&q=admin&scan_id=scan-9&sla_breached=true');
    await waitFor(() => expect(callsTo('GET /api/v1/findings')).toHaveLength(2));
    expect(queryOf(callsTo('GET /api/v1/findings')[1]?.url).get('severity')).toBe('critical,high,medium');

    const search = screen.getByRole('searchbox', { name: 'Search' });
    await user.clear(search);
    await user.type(search, 'tls{Enter}');
    expect(location()).toContain('q=tls');
    await waitFor(() => expect(queryOf(callsTo('GET /api/v1/findings').at(-1)?.url).get('q')).toBe('tls'));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Assignee' }), 'me');
    expect(location()).toContain('assignee=me');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(location()).toBe('/findings');
  });

  it('sorts by a column header and keeps the sort in the URL', async () => {
    const { callsTo } = mockFetch({ ...baseRoutes(), 'GET /api/v1/findings': page([critical]) });
    const { location } = renderFindings('/findings');
    await rows();
    expect(screen.getByRole('columnheader', { name: /Severity/ })).toHaveAttribute('aria-sort', 'descending');
    await userEvent.click(screen.getByRole('button', { name: /SLA due/ }));
    expect(location()).toBe('/findings?sort=sla_due_at');
    await waitFor(() => expect(queryOf(callsTo('GET /api/v1/findings').at(-1)?.url).get('sort')).toBe('sla_due_at'));
    expect(screen.getByRole('columnheader', { name: /SLA due/ })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('loads the next page with next_cursor and stops when there is none', async () => {
    const { callsTo } = mockFetch({
      ...baseRoutes(),
      'GET /api/v1/findings': [page([critical, high], 'cursor-2'), page([medium], null)],
    });
    renderFindings('/findings?status=open');
    expect(await rows()).toHaveLength(2);
    expect(screen.getByText('2 findings shown; more match these filters')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(async () => expect(await rows()).toHaveLength(3));
    const second = queryOf(callsTo('GET /api/v1/findings')[1]?.url);
    expect(second.get('cursor')).toBe('cursor-2');
    expect(second.get('status')).toBe('open');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('moves through rows with j/k, opens the panel with Enter and closes it with Escape', async () => {
    const { callsTo } = mockFetch({
      ...baseRoutes(),
      'GET /api/v1/findings': page([critical, high, medium]),
      'GET /api/v1/findings/f-2': json(high),
      'GET /api/v1/findings/f-3': json(medium),
      'GET /api/v1/findings/f-2/history': page([]),
      'GET /api/v1/findings/f-2/comments': page([]),
      'GET /api/v1/findings/f-3/history': page([]),
      'GET /api/v1/findings/f-3/comments': page([]),
    });
    renderFindings('/findings');
    const list = await rows();
    const user = userEvent.setup();
    await user.keyboard('jj');
    expect(list[1]).toHaveFocus();
    await user.keyboard('jk');
    expect(list[1]).toHaveFocus();
    await user.keyboard('{Enter}');
    const panel = await screen.findByRole('complementary', { name: 'Finding details' });
    expect(within(panel).getByRole('heading', { name: 'TLS 1.0 enabled' })).toBeInTheDocument();
    expect(list[1]).toHaveAttribute('aria-current', 'true');
    await waitFor(() => expect(callsTo('GET /api/v1/findings/f-2')).toHaveLength(1));
    // With the panel open, j walks to the next finding's details.
    await user.keyboard('j');
    expect(await within(panel).findByRole('heading', { name: 'Missing HSTS header' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary', { name: 'Finding details' })).not.toBeInTheDocument();
    expect(list[2]).toHaveFocus();

    await user.keyboard('?');
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await user.keyboard('/');
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveFocus();
  });

  it('bulk-triages the selected findings and says how many changed', async () => {
    const { callsTo } = mockFetch({
      ...baseRoutes(),
      'GET /api/v1/findings': page([critical, high, medium]),
      'POST /api/v1/findings/bulk': json({ updated: ['f-1'], not_found: [], conflicts: [{ id: 'f-3', message: 'status fixed -> triaged is not allowed' }] }),
    });
    renderFindings('/findings');
    const list = await rows();
    const user = userEvent.setup();
    await user.click(within(list[0]!).getByRole('checkbox', { name: 'Select Default credentials on admin panel' }));
    // x selects the focused row from the keyboard.
    act(() => list[2]!.focus());
    await user.keyboard('x');
    expect(screen.getByText('2 findings selected')).toBeInTheDocument();
    const bar = screen.getByRole('region', { name: 'Change the selected findings' });
    await user.selectOptions(within(bar).getByRole('combobox', { name: 'Set status' }), 'triaged');
    await user.click(within(bar).getByRole('button', { name: 'Apply' }));
    const status = await screen.findByText('1 finding changed.');
    expect(callsTo('POST /api/v1/findings/bulk')[0]?.body).toEqual({ ids: ['f-1', 'f-3'], status: 'triaged' });
    expect(status.closest('[role="status"]')).toHaveTextContent('status fixed -> triaged is not allowed');
    // The conflicting one stays selected; the list is read again.
    expect(screen.getByText('1 finding selected')).toBeInTheDocument();
    await waitFor(() => expect(callsTo('GET /api/v1/findings').length).toBeGreaterThan(1));

    await user.selectOptions(within(bar).getByRole('combobox', { name: 'Set assignee' }), members.items[1]!.id);
    await user.click(within(bar).getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(callsTo('POST /api/v1/findings/bulk')).toHaveLength(2));
    expect(callsTo('POST /api/v1/findings/bulk')[1]?.body).toEqual({ ids: ['f-3'], assignee_id: members.items[1]!.id });
  });

  it('asks for a justification and an expiry before accepting the risk of the selection', async () => {
    const { callsTo } = mockFetch({
      ...baseRoutes(),
      'GET /api/v1/findings': page([critical]),
      'POST /api/v1/findings/bulk': problem(422, 'unprocessable', 'Unprocessable', 'accepted_until must be in the future', [
        { field: 'accepted_until', message: 'must be in the future' },
      ]),
    });
    renderFindings('/findings');
    await rows();
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select all findings shown' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Set status' }), 'accepted_risk');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    const dialog = screen.getByRole('dialog', { name: 'Mark as Accepted risk' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Say why the risk is accepted.')).toBeInTheDocument();
    expect(callsTo('POST /api/v1/findings/bulk')).toHaveLength(0);
    await user.type(within(dialog).getByRole('textbox', { name: 'Justification' }), 'Compensating control');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('must be in the future')).toBeInTheDocument();
    const body = callsTo('POST /api/v1/findings/bulk')[0]?.body as Record<string, unknown>;
    expect(body.status).toBe('accepted_risk');
    expect(body.justification).toBe('Compensating control');
    expect(typeof body.accepted_until).toBe('string');
  });

  it('shows a viewer no selection and no triage controls', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('viewer')),
      'GET /api/v1/findings': page([critical, high]),
      'GET /api/v1/findings/f-1': json(critical),
      'GET /api/v1/findings/f-1/history': page([]),
      'GET /api/v1/findings/f-1/comments': page([]),
    });
    renderFindings('/findings');
    const list = await rows();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    await userEvent.click(within(list[0]!).getByRole('link', { name: 'Default credentials on admin panel' }));
    const panel = await screen.findByRole('complementary', { name: 'Finding details' });
    expect(await within(panel).findByText('No comments.')).toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: 'Mark triaged' })).not.toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: 'Accept risk…' })).not.toBeInTheDocument();
    expect(within(panel).queryByRole('textbox', { name: 'Add a comment' })).not.toBeInTheDocument();
    expect(within(panel).getByText('Unassigned')).toBeInTheDocument();
  });

  it('saves the current filters as a view, applies it later and deletes it', async () => {
    const { callsTo } = mockFetch({ ...baseRoutes(), 'GET /api/v1/findings': page([critical]) });
    const first = renderFindings('/findings?severity=critical&sort=last_seen');
    await rows();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save current view…' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Criticals by age{Enter}');
    const me = meFixture();
    const stored = JSON.parse(localStorage.getItem(`palisade.findings.views.${me.organization.id}.${me.id}`) ?? '[]');
    expect(stored).toEqual([expect.objectContaining({ name: 'Criticals by age', query: 'severity=critical&sort=last_seen' })]);
    expect(screen.getByRole('link', { name: 'Criticals by age' })).toHaveAttribute('aria-current', 'page');
    first.unmount();

    const second = renderFindings('/findings');
    await rows();
    await user.click(screen.getByRole('link', { name: 'Criticals by age' }));
    expect(second.location()).toBe('/findings?severity=critical&sort=last_seen');
    await waitFor(() => {
      const query = queryOf(callsTo('GET /api/v1/findings').at(-1)?.url);
      expect(query.get('severity')).toBe('critical');
      expect(query.get('sort')).toBe('last_seen');
    });
    await user.click(screen.getByRole('button', { name: 'Delete view Criticals by age' }));
    expect(screen.queryByRole('link', { name: 'Criticals by age' })).not.toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem(`palisade.findings.views.${me.organization.id}.${me.id}`) ?? '[]')).toEqual([]);
  });

  it('offers exports with the current filters', async () => {
    mockFetch({ ...baseRoutes(), 'GET /api/v1/findings': page([critical]) });
    renderFindings('/findings?severity=high&status=open&status=triaged&sort=first_seen');
    await rows();
    const csv = screen.getByRole('link', { name: 'CSV (spreadsheets)' });
    const query = queryOf(csv.getAttribute('href') ?? '');
    expect(csv.getAttribute('href')).toMatch(/^\/api\/v1\/findings\/export\?/);
    expect(query.get('format')).toBe('csv');
    expect(query.get('severity')).toBe('high');
    expect(query.get('status')).toBe('open,triaged');
    expect(query.get('sort')).toBe('first_seen');
    expect(screen.getByRole('link', { name: 'SARIF 2.1.0' }).getAttribute('href')).toContain('format=sarif');
  });

  it('says what to do when there are no findings, with or without filters', async () => {
    mockFetch({ ...baseRoutes(), 'GET /api/v1/findings': page([]) });
    const first = renderFindings('/findings');
    expect(await screen.findByRole('heading', { name: 'No findings yet' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Start a scan' })).toHaveAttribute('href', '/scans/new');
    first.unmount();
    renderFindings('/findings?severity=critical');
    expect(await screen.findByRole('heading', { name: 'No findings match these filters' })).toBeInTheDocument();
  });

  it('explains a failure and retries', async () => {
    const { callsTo } = mockFetch({
      ...baseRoutes(),
      'GET /api/v1/findings': [problem(503, 'unavailable', 'Service unavailable'), page([critical])],
    });
    renderFindings('/findings');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The findings could not be loaded.');
    expect(alert).toHaveTextContent('reference req-unavailable');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await rows()).toHaveLength(1);
    expect(callsTo('GET /api/v1/findings')).toHaveLength(2);
  });

  it('reloads a scan-filtered list when that scan ends', async () => {
    const { callsTo } = mockFetch({ ...baseRoutes(), 'GET /api/v1/findings': page([critical]) });
    const { socket } = renderFindings('/findings?scan_id=scan-9');
    await rows();
    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    expect(ws.sent).toEqual([{ op: 'subscribe', topic: 'scan:scan-9' }]);
    act(() => ws.serverSend({ topic: 'scan:scan-9', type: 'state', data: { state: 'done' }, seq: 3 }));
    await waitFor(() => expect(callsTo('GET /api/v1/findings')).toHaveLength(2));
    socket.close();
  });
});
