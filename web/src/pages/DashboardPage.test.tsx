import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { LiveSocket } from '../live/socket';
import { LiveSocketProvider } from '../live/useTopic';
import { FakeWebSocket, FakeWebSocketImpl } from '../test/FakeWebSocket';
import { json, meFixture, mockFetch, problem, type MockAnswer } from '../test/fetchMock';
import { renderApp } from '../test/render';
import { DashboardPage } from './DashboardPage';

// The machine is shared and the dashboard draws six cards: give slow renders time before a find* gives up.

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

const summary = {
  active_by_severity: { critical: 1, high: 4, medium: 9, low: 2, info: 0 },
  by_status: { open: 12, triaged: 4, fixed: 30, accepted_risk: 1, false_positive: 2 },
  sla: { breached: 1, due_soon: 2, on_track: 12, none: 1 },
  weeks: [
    { start: '2026-08-31', opened: 3, fixed: 1 },
    { start: '2026-09-07', opened: 5, fixed: 3 },
  ],
};
const emptySummary = {
  active_by_severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
  by_status: { open: 0, triaged: 0, fixed: 0, accepted_risk: 0, false_positive: 0 },
  sla: { breached: 0, due_soon: 0, on_track: 0, none: 0 },
  weeks: [],
};

function asset(id: string, name: string, risk: number, total: number) {
  return {
    id,
    type: 'host',
    name,
    criticality: 'medium',
    tags: [],
    source: 'scan',
    open_findings: { critical: 0, high: 0, medium: total, low: 0, info: 0, total },
    risk_score: risk,
  };
}

const grades = { grades: { B: 1, C: 2, 'A+': 1 }, ungraded: 1, target_lists: 5 };

interface DashboardAnswers {
  role?: 'admin' | 'analyst' | 'operator' | 'viewer';
  summary?: MockAnswer | MockAnswer[];
  /** Permissions to take away from the role's. */
  without?: string[];
  riskiest?: MockAnswer | MockAnswer[];
  latest?: MockAnswer;
  grades?: MockAnswer;
}

function me(role: 'admin' | 'analyst' | 'operator' | 'viewer', without: string[]) {
  const fixture = meFixture(role);
  return { ...fixture, permissions: fixture.permissions.filter((p) => !without.includes(p)) };
}

function mockDashboard(answers: DashboardAnswers = {}) {
  return mockFetch({
    'GET /api/v1/me': json(me(answers.role ?? 'analyst', answers.without ?? [])),
    'GET /api/v1/findings/summary': answers.summary ?? json(summary),
    'GET /api/v1/assets/riskiest': answers.riskiest ?? json({ items: [] }),
    'GET /api/v1/scans': answers.latest ?? json({ items: [runningScan, doneScan], next_cursor: null }),
    'GET /api/v1/scans/grades': answers.grades ?? json(grades),
  });
}

function renderDashboard(path = '/') {
  const socket = new LiveSocket({ url: 'ws://palisade.test/api/v1/ws', WebSocketImpl: FakeWebSocketImpl });
  const result = renderApp(
    <LiveSocketProvider socket={socket}>
      <DashboardPage />
    </LiveSocketProvider>,
    { path },
  );
  return { ...result, socket };
}

async function card(name: string) {
  return screen.findByRole('region', { name });
}

describe('DashboardPage', () => {
  beforeEach(() => FakeWebSocket.reset());

  it('says what to expect when there are no scans and no findings yet, and offers to start a scan', async () => {
    mockDashboard({
      summary: json(emptySummary),
      latest: json({ items: [], next_cursor: null }),
      grades: json({ grades: {}, ungraded: 0, target_lists: 0 }),
    });
    renderDashboard();
    expect(await screen.findByRole('heading', { name: 'No scans yet' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'No findings yet' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Start a scan' })).toHaveAttribute('href', '/scans/new');
    expect(screen.queryByRole('region', { name: 'Open findings by severity' })).not.toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'No finished scans yet' })).toBeInTheDocument();
    const risky = await card('Riskiest assets');
    expect(await within(risky).findByRole('heading', { name: 'No asset has open or triaged findings' })).toBeInTheDocument();
    expect(within(risky).getByRole('link', { name: 'See all assets' })).toHaveAttribute('href', '/assets');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('does not offer a viewer to start a scan', async () => {
    mockDashboard({ role: 'viewer', summary: json(emptySummary) });
    renderDashboard();
    expect(await screen.findByRole('heading', { name: 'No findings yet' })).toBeInTheDocument();
    expect(screen.getByText(/Ask an operator/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Start a scan' })).not.toBeInTheDocument();
  });

  it('lists the latest scans with state, grade and findings, and follows running ones live', async () => {
    const { callsTo } = mockDashboard();
    const { socket } = renderDashboard();
    const latest = await screen.findByRole('region', { name: 'Latest scans' });
    const table = await within(latest).findByRole('table');
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

  it('explains a failure of the latest scans and offers to try again', async () => {
    mockDashboard({ latest: problem(503, 'unavailable', 'Service unavailable') });
    renderDashboard();
    const latest = await screen.findByRole('region', { name: 'Latest scans' });
    const alert = await within(latest).findByRole('alert');
    expect(alert).toHaveTextContent('The latest scans could not be loaded.');
    expect(alert).toHaveTextContent('reference req-unavailable');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('draws active findings by severity with links to the active findings of each severity', async () => {
    const { callsTo } = mockDashboard();
    renderDashboard();
    const region = await card('Open findings by severity');
    const critical = await within(region).findByRole('link', { name: 'Critical: 1 open or triaged finding' });
    expect(critical).toHaveAttribute('href', '/findings?severity=critical&status=open&status=triaged');
    expect(within(region).getByRole('link', { name: 'Medium: 9 open or triaged findings' })).toHaveAttribute(
      'href',
      '/findings?severity=medium&status=open&status=triaged',
    );
    expect(within(region).getByRole('link', { name: 'See all 16 open or triaged findings' })).toHaveAttribute(
      'href',
      '/findings?status=open&status=triaged',
    );
    expect(callsTo('GET /api/v1/findings/summary')[0]?.url).toBe('/api/v1/findings/summary?weeks=12');
  });

  it('links the SLA status and the status counts to their filtered lists', async () => {
    mockDashboard();
    renderDashboard();
    const sla = await card('SLA status');
    expect(await within(sla).findByRole('link', { name: /^Breached: 1 finding past its due date/ })).toHaveAttribute(
      'href',
      '/findings?sla_breached=true&status=open&status=triaged',
    );
    expect(within(sla).getByRole('link', { name: /^Due within 7 days: 2 findings/ })).toHaveAttribute(
      'href',
      '/findings?status=open&status=triaged&sla_breached=false&sort=sla_due_at',
    );
    // No list can show exactly these: a count without a link.
    expect(within(sla).getByRole('group', { name: 'On track: 12 findings' })).toBeInTheDocument();
    expect(within(sla).getByText('1 finding is past its due date.')).toBeInTheDocument();
    // The drawings are hidden from assistive technology, so nothing in them may take the keyboard focus.
    const hidden = document.querySelectorAll('[aria-hidden="true"] svg');
    expect(hidden.length).toBeGreaterThan(0);
    expect(document.querySelectorAll('[aria-hidden="true"] [tabindex]:not([tabindex="-1"])')).toHaveLength(0);

    const status = await card('Findings by status');
    expect(within(status).getByRole('link', { name: 'Fixed: 30 findings' })).toHaveAttribute('href', '/findings?status=fixed');
    expect(within(status).getByRole('link', { name: 'Accepted risk: 1 finding' })).toHaveAttribute(
      'href',
      '/findings?status=accepted_risk',
    );
    expect(within(status).getByText('49 findings in all.')).toBeInTheDocument();
  });

  it('gives the weekly chart a table as text alternative and asks for another period when chosen', async () => {
    const longer = { ...summary, weeks: [...summary.weeks, { start: '2026-09-14', opened: 7, fixed: 0 }] };
    const { callsTo } = mockDashboard({ summary: [json(summary), json(longer)] });
    renderDashboard();
    const region = await card('Findings opened and fixed per week');
    const table = await within(region).findByRole('table', { name: 'Findings opened and fixed per week, oldest first' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent(/Aug 31\s*3\s*1/);
    expect(within(region).getByRole('link', { name: '8 findings opened in this period' })).toHaveAttribute(
      'href',
      '/findings?first_seen_from=2026-08-31T00%3A00%3A00Z',
    );
    expect(within(region).getByRole('link', { name: /4 fixed in this period/ })).toHaveAttribute('href', '/findings?status=fixed');

    await userEvent.selectOptions(within(region).getByLabelText('Period'), 'Last 26 weeks');
    expect(await within(region).findByRole('link', { name: '15 findings opened in this period' })).toBeInTheDocument();
    expect(callsTo('GET /api/v1/findings/summary').map((c) => c.url)).toEqual([
      '/api/v1/findings/summary?weeks=12',
      '/api/v1/findings/summary?weeks=26',
    ]);
  });

  it('reads the period from the URL', async () => {
    const { callsTo } = mockDashboard();
    renderDashboard('/?weeks=52');
    const region = await card('Findings opened and fixed per week');
    expect(within(region).getByLabelText('Period')).toHaveValue('52');
    await within(region).findByRole('table');
    expect(callsTo('GET /api/v1/findings/summary')[0]?.url).toBe('/api/v1/findings/summary?weeks=52');
  });

  it('shows a summary failure in each summary card with a retry, and the other cards still work', async () => {
    const { callsTo } = mockDashboard({ summary: [problem(500, 'internal', 'Internal error'), json(summary)] });
    renderDashboard();
    const severity = await card('Open findings by severity');
    const alert = await within(severity).findByRole('alert');
    expect(alert).toHaveTextContent('The findings summary could not be loaded.');
    expect(within(await card('SLA status')).getByRole('alert')).toBeInTheDocument();
    expect(await within(await card('Grade distribution')).findByRole('list', { name: 'Target lists by grade' })).toBeInTheDocument();

    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(severity).findByRole('link', { name: 'Critical: 1 open or triaged finding' })).toBeInTheDocument();
    expect(callsTo('GET /api/v1/findings/summary')).toHaveLength(2);
  });

  it('lists the riskiest assets in the order the server ranks them and links each to its page', async () => {
    const { callsTo } = mockDashboard({
      riskiest: json({ items: [asset('a2', 'beta.example.com', 80, 2), asset('a1', 'alpha.example.com', 16, 5)] }),
    });
    renderDashboard();
    const region = await card('Riskiest assets');
    const table = await within(region).findByRole('table', { name: 'Assets with the highest risk scores' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByRole('link', { name: 'beta.example.com' })).toHaveAttribute('href', '/assets/a2');
    expect(rows[1]).toHaveTextContent('80');
    expect(within(rows[2]!).getByRole('link', { name: 'alpha.example.com' })).toHaveAttribute('href', '/assets/a1');
    expect(rows[2]).toHaveTextContent('5');
    expect(within(region).getByRole('link', { name: 'See all assets' })).toHaveAttribute('href', '/assets');
    expect(callsTo('GET /api/v1/assets/riskiest').map((c) => c.url)).toEqual(['/api/v1/assets/riskiest?limit=8']);
    expect(callsTo('GET /api/v1/assets')).toHaveLength(0);
  });

  it('explains a failure of the riskiest assets and offers to try again', async () => {
    const { callsTo } = mockDashboard({
      riskiest: [problem(503, 'unavailable', 'Service unavailable'), json({ items: [asset('a1', 'alpha.example.com', 16, 2)] })],
    });
    renderDashboard();
    const region = await card('Riskiest assets');
    const alert = await within(region).findByRole('alert');
    expect(alert).toHaveTextContent('The assets could not be loaded.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(region).findByRole('link', { name: 'alpha.example.com' })).toBeInTheDocument();
    expect(callsTo('GET /api/v1/assets/riskiest')).toHaveLength(2);
  });

  it('neither shows nor asks for the riskiest assets without assets:read', async () => {
    const { callsTo } = mockDashboard({ without: ['assets:read'] });
    renderDashboard();
    const grades = await card('Grade distribution');
    await within(grades).findByRole('list', { name: 'Target lists by grade' });
    expect(screen.queryByRole('region', { name: 'Riskiest assets' })).not.toBeInTheDocument();
    expect(callsTo('GET /api/v1/assets/riskiest')).toHaveLength(0);
  });

  it('draws the grade of the latest finished scan of each target list, as the server counts them', async () => {
    const { callsTo } = mockDashboard();
    renderDashboard();
    const region = await card('Grade distribution');
    const list = await within(region).findByRole('list', { name: 'Target lists by grade' });
    const names = within(list)
      .getAllByRole('group')
      .map((g) => g.getAttribute('aria-label') ?? '');
    expect(names).toEqual([
      'Grade A+: 1 target list',
      'Grade A: 0 target lists',
      'Grade B: 1 target list',
      'Grade C: 2 target lists',
      'Grade D: 0 target lists',
      'Grade E: 0 target lists',
      'Grade F: 0 target lists',
    ]);
    expect(within(region).getByText('The grade of the latest finished scan of each target list.')).toBeInTheDocument();
    expect(within(region).getByText(/5 target lists counted\. 1 has no grade/)).toBeInTheDocument();
    expect(within(region).getByRole('link', { name: 'See the finished scans' })).toHaveAttribute('href', '/scans?state=done');
    expect(callsTo('GET /api/v1/scans/grades').map((c) => c.url)).toEqual(['/api/v1/scans/grades']);
    // The latest scans are read once, without a state filter: the grades no longer come from a page of scans.
    expect(callsTo('GET /api/v1/scans').map((c) => c.url)).toEqual(['/api/v1/scans?limit=10']);
  });

  it('says when no scan has finished yet, and explains a failure of the grades', async () => {
    mockDashboard({ grades: json({ grades: {}, ungraded: 0, target_lists: 0 }) });
    const first = renderDashboard();
    const region = await card('Grade distribution');
    expect(await within(region).findByRole('heading', { name: 'No finished scans yet' })).toBeInTheDocument();
    expect(within(region).queryByRole('list')).not.toBeInTheDocument();
    first.unmount();
    first.socket.close();

    mockDashboard({ grades: problem(500, 'internal', 'Internal error') });
    renderDashboard();
    const failed = await card('Grade distribution');
    const alert = await within(failed).findByRole('alert');
    expect(alert).toHaveTextContent('The grade distribution could not be loaded.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
