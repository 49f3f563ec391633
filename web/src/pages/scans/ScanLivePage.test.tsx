import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebSocket } from '../../test/FakeWebSocket';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { OTHER_ID, SCAN_ID, doneScan, renderScans, runningScan } from './testSupport';

const RUN_ID = runningScan.id;
const topic = `scan:${RUN_ID}`;
const storedEvents = {
  items: [
    { topic, type: 'state', data: { state: 'queued' }, at: '2026-01-02T03:04:05.700Z', seq: 1 },
    { topic, type: 'state', data: { state: 'running', attempt: 1 }, at: '2026-01-02T03:04:06.000Z', seq: 2 },
    { topic, type: 'module_started', data: { target: 'api.example.com', module: 'ports' }, at: '2026-01-02T03:04:06.100Z', seq: 3 },
  ],
  next_after_seq: null,
};

const result = {
  scanner: { name: 'palisade', version: '0.1.0' },
  target: 'www.example.com, 10.0.0.0/28',
  started_at: '2026-01-02T03:04:06Z',
  finished_at: '2026-01-02T03:10:00Z',
  score: 72,
  grade: 'C',
  modules: [],
  services: [],
  findings: [
    { check: 'tls.protocol.tls1_0', title: 'TLS 1.0 is enabled', severity: 'high', location: '10.0.0.5:443', fingerprint: 'f1' },
    { check: 'headers.hsts.missing', title: 'No HSTS', severity: 'medium', location: 'https://www.example.com/', fingerprint: 'f2' },
    { check: 'template.exposed-git', title: 'Exposed .git', severity: 'high', location: 'https://www.example.com/.git/', fingerprint: 'f3' },
  ],
  complete: true,
  incomplete_reason: null,
  targets: [
    {
      target: 'www.example.com', score: 72, grade: 'C', error: null,
      modules: [
        { name: 'tls', status: 'done', duration_ms: 812, grade: 'B', score: null, error: null, details: null },
        { name: 'headers', status: 'timed_out', duration_ms: 30000, grade: null, score: null, error: 'module budget exceeded', details: null },
      ],
      hosts: [],
    },
  ],
};

const findings = {
  items: [
    { id: 'finding-1', check: 'tls.protocol.tls1_0', title: 'TLS 1.0 is enabled', severity: 'high', status: 'open', location: '10.0.0.5:443', fingerprint: 'f1', regression: false },
  ],
  next_cursor: null,
};

describe('ScanLivePage', () => {
  beforeEach(() => FakeWebSocket.reset());

  it('moves the progress bar, the timeline and the findings count with the topic frames', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('analyst')),
      [`GET /api/v1/scans/${RUN_ID}`]: json(runningScan),
      [`GET /api/v1/scans/${RUN_ID}/events`]: json(storedEvents),
    });
    const { socket } = renderScans(`/scans/${RUN_ID}`);
    expect(await screen.findByRole('heading', { name: 'Scan of api.example.com' })).toBeInTheDocument();
    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    expect(within(timeline).getByText('ports on api.example.com').closest('li')).toHaveTextContent('Running');
    expect(screen.getByRole('progressbar', { name: 'Scan progress' })).toHaveAttribute('value', '10');

    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    expect(ws.sent).toEqual([{ op: 'subscribe', topic }]);
    act(() => {
      // The replay repeats a stored event: it must not show twice.
      ws.serverSend(storedEvents.items[2]!);
      ws.serverSend({ topic, type: 'module_finished', data: { target: 'api.example.com', module: 'ports', status: 'done', duration_ms: 1500 }, at: '2026-01-02T03:04:07.600Z', seq: 4 });
      ws.serverSend({ topic, type: 'module_started', data: { target: 'api.example.com', module: 'tls' }, at: '2026-01-02T03:04:07.700Z', seq: 5 });
      ws.serverSend({ topic, type: 'progress', data: { percent: 62, target: 'api.example.com', module: 'tls', findings: 3, eta_s: 90 }, at: '2026-01-02T03:04:08Z', seq: 6 });
    });
    expect(screen.getByRole('progressbar', { name: 'Scan progress' })).toHaveAttribute('value', '62');
    expect(screen.getByText(/62% done/)).toHaveTextContent('running tls on api.example.com · about 2 min left');
    expect(screen.getByText('3 findings so far')).toBeInTheDocument();
    expect(within(timeline).getAllByText('ports on api.example.com')).toHaveLength(1);
    const ports = within(timeline).getByText('ports on api.example.com').closest('li')!;
    expect(ports).toHaveTextContent('Done');
    expect(ports).toHaveTextContent('1.5 s');
    expect(within(timeline).getByText('tls on api.example.com').closest('li')).toHaveTextContent('Running');
    socket.close();
  });

  it('shows the results when the end frame arrives', async () => {
    const ended = { ...runningScan, state: 'done', progress: 100, grade: 'C', score: 72, findings_count: 1, complete: true, summary: { new: 1, fixed: 0 }, finished_at: '2026-01-02T03:10:00Z' };
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('analyst')),
      [`GET /api/v1/scans/${RUN_ID}`]: [json(runningScan), json(ended)],
      [`GET /api/v1/scans/${RUN_ID}/events`]: json(storedEvents),
      [`GET /api/v1/scans/${RUN_ID}/results`]: json(result),
      'GET /api/v1/findings': json(findings),
      'GET /api/v1/scans': json({ items: [], next_cursor: null }),
    });
    const { socket } = renderScans(`/scans/${RUN_ID}`);
    await screen.findByRole('list', { name: 'Timeline' });
    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    act(() => ws.serverSend({ topic, type: 'state', data: { state: 'done', complete: true, findings: 1, grade: 'C' }, seq: 9 }));
    expect(await screen.findByRole('heading', { name: 'Results' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'TLS 1.0 is enabled' })).toHaveAttribute('href', '/findings/finding-1');
    expect(callsTo('GET /api/v1/findings')[0]?.url).toBe(`/api/v1/findings?scan_id=${RUN_ID}&limit=50&sort=-severity`);
    expect(screen.getByRole('link', { name: 'Open the finding list (1)' })).toHaveAttribute('href', `/findings?scan_id=${RUN_ID}`);
    expect(screen.queryByRole('button', { name: 'Cancel scan' })).not.toBeInTheDocument();
    // The topic is left once the scan has ended.
    expect(ws.sent).toContainEqual({ op: 'unsubscribe', topic });
    socket.close();
  });

  it('cancels after confirmation and sends the request', async () => {
    const cancelled = { ...runningScan, state: 'cancelled', incomplete_reason: 'cancelled' };
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('operator')),
      [`GET /api/v1/scans/${RUN_ID}`]: json(runningScan),
      [`GET /api/v1/scans/${RUN_ID}/events`]: json(storedEvents),
      [`POST /api/v1/scans/${RUN_ID}/cancel`]: json(cancelled, 202),
      [`GET /api/v1/scans/${RUN_ID}/results`]: problem(409, 'conflict', 'Conflict'),
      'GET /api/v1/findings': json({ items: [], next_cursor: null }),
      'GET /api/v1/scans': json({ items: [], next_cursor: null }),
    });
    renderScans(`/scans/${RUN_ID}`);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel scan' }));
    const dialog = screen.getByRole('dialog', { name: 'Cancel this scan?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep scanning' }));
    expect(callsTo(`POST /api/v1/scans/${RUN_ID}/cancel`)).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Cancel scan' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel scan' }));
    expect(await screen.findByText(/This scan was cancelled/)).toBeInTheDocument();
    expect(callsTo(`POST /api/v1/scans/${RUN_ID}/cancel`)).toHaveLength(1);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('offers no cancel button to a viewer', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('viewer')),
      [`GET /api/v1/scans/${RUN_ID}`]: json(runningScan),
      [`GET /api/v1/scans/${RUN_ID}/events`]: json(storedEvents),
    });
    renderScans(`/scans/${RUN_ID}`);
    await screen.findByRole('list', { name: 'Timeline' });
    expect(screen.queryByRole('button', { name: 'Cancel scan' })).not.toBeInTheDocument();
  });

  it('shows the grade breakdown of an ended scan and lets the user pick an earlier scan to compare', async () => {
    const earlier = { ...doneScan, id: OTHER_ID, grade: 'D', created_at: '2026-01-01T03:04:05Z', targets: ['10.0.0.0/28', 'www.example.com'] };
    const otherTargets = { ...doneScan, id: 'different', targets: ['www.example.com'], created_at: '2025-12-01T00:00:00Z' };
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('viewer')),
      [`GET /api/v1/scans/${SCAN_ID}`]: json(doneScan),
      [`GET /api/v1/scans/${SCAN_ID}/events`]: json({ items: [], next_after_seq: null }),
      [`GET /api/v1/scans/${SCAN_ID}/results`]: json(result),
      'GET /api/v1/findings': json(findings),
      'GET /api/v1/scans': json({ items: [doneScan, earlier, otherTargets], next_cursor: null }),
      [`GET /api/v1/scans/${SCAN_ID}/diff`]: json({ scan_id: SCAN_ID, base_scan_id: OTHER_ID, new: [], fixed: [], unchanged: [], counts: { new: 0, fixed: 0, unchanged: 0 } }),
      [`GET /api/v1/scans/${OTHER_ID}`]: json(earlier),
    });
    renderScans(`/scans/${SCAN_ID}`);
    const overall = (await screen.findByText('Overall grade (the lowest target’s)')).closest('.card') as HTMLElement;
    expect(overall).toHaveTextContent('Score 72 / 100');
    expect(within(overall).getByLabelText('Grade C')).toBeInTheDocument();
    const severity = (await screen.findByRole('heading', { name: 'Findings by severity' })).parentElement!;
    expect(within(severity).getByText('High').closest('li')).toHaveTextContent('2');
    expect(within(severity).getByText('Medium').closest('li')).toHaveTextContent('1');
    expect(screen.getByRole('heading', { name: 'Findings by module' }).parentElement).toHaveTextContent('templates: 1');
    const modules = screen.getByRole('table', { name: /www\.example\.com/ });
    expect(within(modules).getByText('headers').closest('tr')).toHaveTextContent('Timed out');
    expect(within(modules).getByText('headers').closest('tr')).toHaveTextContent('module budget exceeded');
    expect(within(modules).getByText('tls').closest('tr')).toHaveTextContent('812 ms');
    expect(screen.getByText('Effect on stored findings').parentElement).toHaveTextContent('New2');
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();

    const picker = await screen.findByLabelText('Earlier or later scan of the same targets');
    expect(callsTo('GET /api/v1/scans')[0]?.url).toBe('/api/v1/scans?target=www.example.com&limit=100');
    expect(within(picker).getAllByRole('option')).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(`/scans/${SCAN_ID}/diff/${OTHER_ID}`),
    );
  });

  it('shows why a scan failed', async () => {
    const failed = { ...runningScan, state: 'failed', error: 'no longer in the organisation\'s scope: api.example.com' };
    mockFetch({
      'GET /api/v1/me': json(meFixture('analyst')),
      [`GET /api/v1/scans/${RUN_ID}`]: json(failed),
      [`GET /api/v1/scans/${RUN_ID}/events`]: json(storedEvents),
    });
    renderScans(`/scans/${RUN_ID}`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The scan failed');
    expect(alert).toHaveTextContent("no longer in the organisation's scope: api.example.com");
    expect(screen.queryByRole('heading', { name: 'Results' })).not.toBeInTheDocument();
  });

  it('says so when the scan does not exist', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('analyst')),
      'GET /api/v1/scans/nope': problem(404, 'not-found', 'Not found'),
    });
    renderScans('/scans/nope');
    expect(await screen.findByRole('heading', { name: 'Scan not found' })).toBeInTheDocument();
  });
});
