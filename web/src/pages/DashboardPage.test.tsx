import { act, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { LiveSocket } from '../live/socket';
import { LiveSocketProvider } from '../live/useTopic';
import { FakeWebSocket, FakeWebSocketImpl } from '../test/FakeWebSocket';
import { json, meFixture, mockFetch, problem } from '../test/fetchMock';
import { renderApp } from '../test/render';
import { DashboardPage } from './DashboardPage';

const doneScan = {
  id: '0192f0c4-0000-7000-8000-0000000000s1',
  state: 'done',
  targets: ['www.example.com', '10.0.0.0/28'],
  profile: 'standard',
  modules: ['ports', 'services', 'tls', 'http'],
  options: {},
  progress: 100,
  findings_count: 1234,
  complete: true,
  incomplete_reason: null,
  error: null,
  score: 72,
  grade: 'C',
  summary: { new: 3, seen_again: 10, regressions: 0, fixed: 1, suppressed: 0, assets_created: 2, assets_updated: 0 },
  created_by: '0192f0c4-0000-7000-8000-000000000001',
  schedule_id: null,
  created_at: '2026-01-02T03:04:05.678Z',
  started_at: '2026-01-02T03:04:06.000Z',
  finished_at: '2026-01-02T03:10:00.000Z',
};
const runningScan = { ...doneScan, id: '0192f0c4-0000-7000-8000-0000000000s2', state: 'running', targets: ['api.example.com'], progress: 10, findings_count: 0, complete: false, score: null, grade: null, finished_at: null };

function renderDashboard() {
  const socket = new LiveSocket({ url: 'ws://palisade.test/api/v1/ws', WebSocketImpl: FakeWebSocketImpl });
  const result = renderApp(
    <LiveSocketProvider socket={socket}>
      <DashboardPage />
    </LiveSocketProvider>,
  );
  return { ...result, socket };
}

describe('DashboardPage', () => {
  beforeEach(() => FakeWebSocket.reset());

  it('says what to expect when there are no scans yet', async () => {
    mockFetch({ 'GET /api/v1/me': json(meFixture()), 'GET /api/v1/scans': json({ items: [], next_cursor: null }) });
    renderDashboard();
    expect(await screen.findByRole('heading', { name: 'No scans yet' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('lists the latest scans with state, grade and findings, and follows running ones live', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/scans': json({ items: [runningScan, doneScan], next_cursor: null }),
    });
    const { socket } = renderDashboard();
    const table = await screen.findByRole('table');
    expect(callsTo('GET /api/v1/scans')[0]?.url).toBe('/api/v1/scans?limit=10');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[2]).toHaveTextContent('www.example.com and 1 more');
    expect(rows[2]).toHaveTextContent('Done');
    expect(rows[2]).toHaveTextContent('C');
    expect(rows[2]).toHaveTextContent('1,234');
    expect(rows[1]).toHaveTextContent('Running');
    expect(rows[1]).toHaveTextContent('10% done');

    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    expect(ws.sent).toEqual([{ op: 'subscribe', topic: `scan:${runningScan.id}` }]);
    act(() =>
      ws.serverSend({ topic: `scan:${runningScan.id}`, type: 'progress', data: { percent: 55, target: 'api.example.com', module: 'tls', findings: 2 }, seq: 7 }),
    );
    expect(rows[1]).toHaveTextContent('55% done');
    socket.close();
  });

  it('explains a failure and offers to try again', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/scans': problem(503, 'unavailable', 'Service unavailable'),
    });
    renderDashboard();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The latest scans could not be loaded.');
    expect(alert).toHaveTextContent('reference req-unavailable');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
