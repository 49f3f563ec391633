import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebSocket } from '../../test/FakeWebSocket';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { doneScan, renderScans, runningScan } from './testSupport';

describe('ScansListPage', () => {
  beforeEach(() => FakeWebSocket.reset());

  it('lists scans with state, grade, findings and a link to each, and pages with Load more', async () => {
    const older = { ...doneScan, id: 'older-scan', targets: ['old.example.com'], grade: 'A', findings_count: 0, summary: {} };
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('analyst')),
      'GET /api/v1/scans': [json({ items: [doneScan], next_cursor: 'c2' }), json({ items: [older], next_cursor: null })],
    });
    renderScans('/scans');
    const table = await screen.findByRole('table');
    expect(callsTo('GET /api/v1/scans')[0]?.url).toBe('/api/v1/scans?limit=25');
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('www.example.com and 1 more');
    expect(row).toHaveTextContent('Done');
    expect(within(row).getByLabelText('Grade C')).toBeInTheDocument();
    expect(row).toHaveTextContent('2 new · 1 fixed');
    expect(within(row).getByRole('link', { name: 'www.example.com and 1 more' })).toHaveAttribute('href', `/scans/${doneScan.id}`);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('old.example.com')).toBeInTheDocument();
    expect(callsTo('GET /api/v1/scans')[1]?.url).toBe('/api/v1/scans?limit=25&cursor=c2');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('filters by state through the query', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('analyst')),
      'GET /api/v1/scans': [json({ items: [doneScan], next_cursor: null }), json({ items: [], next_cursor: null })],
    });
    renderScans('/scans');
    await screen.findByRole('table');
    await userEvent.selectOptions(screen.getByLabelText('State'), 'failed');
    expect(await screen.findByRole('heading', { name: 'No scans in this state' })).toBeInTheDocument();
    expect(callsTo('GET /api/v1/scans').at(-1)?.url).toBe('/api/v1/scans?limit=25&state=failed');
    expect(screen.getByTestId('location')).toHaveTextContent('/scans?state=failed');
  });

  it('explains how to start a scan when there is none, and offers it to those who may', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('operator')),
      'GET /api/v1/scans': json({ items: [], next_cursor: null }),
    });
    renderScans('/scans');
    expect(await screen.findByRole('heading', { name: 'No scans yet' })).toBeInTheDocument();
    expect(screen.getByText(/Only targets inside the organisation’s scope/)).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'New scan' })[0]).toHaveAttribute('href', '/scans/new');
  });

  it('hides New scan from a viewer', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('viewer')),
      'GET /api/v1/scans': json({ items: [], next_cursor: null }),
    });
    renderScans('/scans');
    expect(await screen.findByRole('heading', { name: 'No scans yet' })).toBeInTheDocument();
    expect(screen.getByText(/Your role can follow scans but not start them/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New scan' })).not.toBeInTheDocument();
  });

  it('follows a running scan live and reloads the list when it ends', async () => {
    const ended = { ...runningScan, state: 'done', progress: 100, grade: 'B', findings_count: 4 };
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('analyst')),
      'GET /api/v1/scans': [json({ items: [runningScan], next_cursor: null }), json({ items: [ended], next_cursor: null })],
    });
    const { socket } = renderScans('/scans');
    const table = await screen.findByRole('table');
    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    expect(ws.sent).toEqual([{ op: 'subscribe', topic: `scan:${runningScan.id}` }]);
    act(() =>
      ws.serverSend({ topic: `scan:${runningScan.id}`, type: 'progress', data: { percent: 55, target: 'api.example.com', module: 'tls', findings: 2 }, seq: 7 }),
    );
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('55% done');
    expect(within(row).getByRole('progressbar')).toHaveAttribute('value', '55');
    expect(row).toHaveTextContent('2');

    act(() => ws.serverSend({ topic: `scan:${runningScan.id}`, type: 'state', data: { state: 'done' }, seq: 8 }));
    expect(await within(table).findByLabelText('Grade B')).toBeInTheDocument();
    expect(callsTo('GET /api/v1/scans')).toHaveLength(2);
    socket.close();
  });

  it('says what went wrong when the list cannot be loaded', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('analyst')),
      'GET /api/v1/scans': problem(503, 'unavailable', 'Service unavailable'),
    });
    renderScans('/scans');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The scans could not be loaded.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
