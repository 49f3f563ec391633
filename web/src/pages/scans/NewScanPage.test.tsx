import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebSocket } from '../../test/FakeWebSocket';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { cronFor } from './NewScanPage';
import { renderScans, runningScan } from './testSupport';

const scope = { domains: ['example.com'], cidrs: ['10.0.0.0/24'] };
const profiles = {
  items: [
    { id: 'quick', name: 'quick', description: 'Top 100 ports', builtin: true, modules: ['ports', 'services'], options: {} },
    { id: 'standard', name: 'standard', description: 'Top 1,000 ports, TLS, headers', builtin: true, modules: ['ports', 'services', 'tls', 'headers'], options: {} },
  ],
  next_cursor: null,
};

function routes(extra: Record<string, ReturnType<typeof json> | ReturnType<typeof json>[]> = {}, role: 'analyst' | 'viewer' | 'admin' = 'analyst') {
  return mockFetch({
    'GET /api/v1/me': json(meFixture(role)),
    'GET /api/v1/orgs/current/scope': json(scope),
    'GET /api/v1/scan-profiles': json(profiles),
    ...extra,
  });
}

async function typeTargets(text: string) {
  const box = await screen.findByLabelText('Targets');
  await userEvent.type(box, text);
  return box;
}

describe('NewScanPage', () => {
  beforeEach(() => FakeWebSocket.reset());

  it('checks each target against the scope as it is typed, and says why', async () => {
    routes();
    renderScans('/scans/new');
    await screen.findByRole('option', { name: /standard/ });
    await typeTargets('www.example.com');
    const list = await screen.findByRole('list', { name: 'Scope check of each target' });
    expect(within(list).getByText('www.example.com').closest('li')).toHaveTextContent('In scope');
    expect(list).toHaveTextContent('covered by the domain example.com');

    await userEvent.type(screen.getByLabelText('Targets'), ', evil.org\n10.0.0.7\n10.0.1.0/24\nhost.example.com:443');
    const items = within(screen.getByRole('list', { name: 'Scope check of each target' })).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^In scope.*www\.example\.com/),
      expect.stringMatching(/^Not in scope.*evil\.org.*no domain of the scope covers this name/),
      expect.stringMatching(/^In scope.*10\.0\.0\.7.*inside the range 10\.0\.0\.0\/24/),
      expect.stringMatching(/^Not in scope.*10\.0\.1\.0\/24.*inside one range/),
      expect.stringMatching(/^Not valid.*host:port is not accepted/),
    ]);
    expect(screen.getByText('2 in scope · 2 not in scope · 1 not valid')).toBeInTheDocument();
  });

  it('does not send targets it knows are outside the scope', async () => {
    const { callsTo } = routes({ 'POST /api/v1/scans': json(runningScan, 202) });
    renderScans('/scans/new');
    await typeTargets('evil.org');
    await userEvent.click(screen.getByRole('button', { name: 'Start scan' }));
    expect(screen.getByText(/1 target is not valid or not in the organisation’s scope/)).toBeInTheDocument();
    expect(screen.getByLabelText('Targets')).toHaveAttribute('aria-invalid', 'true');
    expect(callsTo('POST /api/v1/scans')).toHaveLength(0);
  });

  it('starts a scan with the targets and profile, then opens its live view', async () => {
    const { callsTo } = routes({
      'POST /api/v1/scans': json(runningScan, 202),
      [`GET /api/v1/scans/${runningScan.id}`]: json(runningScan),
      [`GET /api/v1/scans/${runningScan.id}/events`]: json({ items: [], next_after_seq: null }),
    });
    renderScans('/scans/new');
    await screen.findByRole('option', { name: /quick/ });
    await typeTargets('www.example.com,\n10.0.0.0/28');
    await userEvent.selectOptions(screen.getByLabelText('Scan profile'), 'quick');
    await userEvent.click(screen.getByRole('button', { name: 'Start scan' }));
    expect(await screen.findByRole('heading', { name: 'Scan of api.example.com' })).toBeInTheDocument();
    expect(callsTo('POST /api/v1/scans')[0]?.body).toEqual({ targets: ['www.example.com', '10.0.0.0/28'], profile: 'quick' });
    expect(screen.getByTestId('location')).toHaveTextContent(`/scans/${runningScan.id}`);
  });

  it('shows the server’s field errors next to their fields', async () => {
    routes({
      'POST /api/v1/scans': problem(422, 'out-of-scope', 'Target outside the organisation\'s scope', 'www.example.com', [
        { field: 'targets', message: 'outside the scope: www.example.com' },
      ]),
    });
    renderScans('/scans/new');
    await screen.findByRole('option', { name: /standard/ });
    await typeTargets('www.example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Start scan' }));
    const box = screen.getByLabelText('Targets');
    expect(await screen.findByText('outside the scope: www.example.com')).toBeInTheDocument();
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box.getAttribute('aria-describedby')).toContain(screen.getByText('outside the scope: www.example.com').id);
  });

  it('saves a schedule with its cron expression and time zone, starts it, and shows the field error the server names', async () => {
    const schedule = {
      id: 'sched-1', name: 'nightly', cron: '15 3 * * 5', timezone: 'Europe/Paris', targets: ['www.example.com'],
      profile: 'standard', modules: [], options: {}, enabled: true, next_run_at: '2026-01-09T02:15:00Z',
      last_run_at: null, last_scan_id: null, created_by: null, created_at: '2026-01-02T00:00:00Z', updated_at: '2026-01-02T00:00:00Z',
    };
    const { callsTo } = routes({
      'POST /api/v1/scan-schedules': [
        problem(400, 'validation-failed', 'Validation failed', undefined, [{ field: 'timezone', message: 'is not a known time zone' }]),
        json(schedule, 201),
      ],
      'POST /api/v1/scan-schedules/sched-1/run': json(runningScan, 202),
      [`GET /api/v1/scans/${runningScan.id}`]: json(runningScan),
      [`GET /api/v1/scans/${runningScan.id}/events`]: json({ items: [], next_after_seq: null }),
    });
    renderScans('/scans/new');
    await screen.findByRole('option', { name: /standard/ });
    await typeTargets('www.example.com');
    await userEvent.click(screen.getByLabelText('Repeat this scan on a schedule'));
    await userEvent.type(screen.getByLabelText('Schedule name'), 'nightly');
    await userEvent.selectOptions(screen.getByLabelText('How often'), 'weekly');
    await userEvent.selectOptions(screen.getByLabelText('Day of the week'), '5');
    const time = screen.getByLabelText('Time of day');
    await userEvent.clear(time);
    await userEvent.type(time, '03:15');
    const tz = screen.getByLabelText(/Time zone/);
    await userEvent.clear(tz);
    await userEvent.type(tz, 'Europe/Pariss');
    await userEvent.click(screen.getByRole('button', { name: 'Save schedule' }));
    expect(await screen.findByText('is not a known time zone')).toBeInTheDocument();
    expect(screen.getByLabelText(/Time zone/)).toHaveAttribute('aria-invalid', 'true');

    await userEvent.clear(tz);
    await userEvent.type(tz, 'Europe/Paris');
    await userEvent.click(screen.getByRole('button', { name: 'Save schedule' }));
    expect(await screen.findByRole('heading', { name: 'Scan of api.example.com' })).toBeInTheDocument();
    expect(callsTo('POST /api/v1/scan-schedules')[1]?.body).toEqual({
      name: 'nightly', cron: '15 3 * * 5', timezone: 'Europe/Paris', targets: ['www.example.com'], profile: 'standard',
    });
    expect(callsTo('POST /api/v1/scan-schedules/sched-1/run')).toHaveLength(1);
    expect(callsTo('POST /api/v1/scans')).toHaveLength(0);
  });

  it('warns when the scope is empty', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('analyst')),
      'GET /api/v1/orgs/current/scope': json({ domains: [], cidrs: [] }),
      'GET /api/v1/scan-profiles': json(profiles),
    });
    renderScans('/scans/new');
    expect(await screen.findByText(/The organisation’s scope is empty/)).toHaveTextContent('Ask an admin');
  });

  it('tells a viewer they cannot start scans instead of showing the form', async () => {
    mockFetch({ 'GET /api/v1/me': json(meFixture('viewer')) });
    renderScans('/scans/new');
    expect(await screen.findByText(/Your role can follow scans but not start them/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Targets')).not.toBeInTheDocument();
  });
});

describe('cronFor', () => {
  it('builds the cron expression of each preset', () => {
    const base = { time: '02:30', weekday: '1' as const, cron: ' @daily ' };
    expect(cronFor({ ...base, frequency: 'hourly' })).toBe('30 * * * *');
    expect(cronFor({ ...base, frequency: 'daily' })).toBe('30 2 * * *');
    expect(cronFor({ ...base, frequency: 'weekly' })).toBe('30 2 * * 1');
    expect(cronFor({ ...base, frequency: 'monthly' })).toBe('30 2 1 * *');
    expect(cronFor({ ...base, frequency: 'custom' })).toBe('@daily');
  });
});
