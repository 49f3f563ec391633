import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebSocket } from '../../test/FakeWebSocket';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { OTHER_ID, SCAN_ID, doneScan, renderScans } from './testSupport';

const base = { ...doneScan, id: OTHER_ID, grade: 'D', score: 55, created_at: '2026-01-01T03:04:05Z' };
const diff = {
  scan_id: SCAN_ID,
  base_scan_id: OTHER_ID,
  new: [
    { fingerprint: 'n1', check: 'headers.csp.missing', title: 'No Content-Security-Policy', severity: 'medium', location: 'https://www.example.com/' },
    { fingerprint: 'n2', check: 'tls.cert.expired', title: 'Expired certificate', severity: 'critical', location: '10.0.0.5:443' },
  ],
  fixed: [{ fingerprint: 'x1', check: 'tls.protocol.tls1_0', title: 'TLS 1.0 is enabled', severity: 'high', location: '10.0.0.5:443' }],
  unchanged: [],
  counts: { new: 2, fixed: 1, unchanged: 0 },
};

describe('ScanDiffPage', () => {
  beforeEach(() => FakeWebSocket.reset());

  it('lists new, fixed and unchanged findings with the grade change, linking the findings it can', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('viewer')),
      [`GET /api/v1/scans/${SCAN_ID}/diff`]: json(diff),
      [`GET /api/v1/scans/${SCAN_ID}`]: json({ ...doneScan, grade: 'B', score: 81 }),
      [`GET /api/v1/scans/${OTHER_ID}`]: json(base),
      'GET /api/v1/findings': [
        json({ items: [{ id: 'finding-n2', fingerprint: 'n2', check: 'tls.cert.expired', title: 'Expired certificate', severity: 'critical', status: 'open' }], next_cursor: null }),
        json({ items: [{ id: 'finding-x1', fingerprint: 'x1', check: 'tls.protocol.tls1_0', title: 'TLS 1.0 is enabled', severity: 'high', status: 'fixed' }], next_cursor: null }),
      ],
    });
    renderScans(`/scans/${SCAN_ID}/diff/${OTHER_ID}`);
    expect(await screen.findByText('Improved from D to B')).toBeInTheDocument();
    expect(callsTo(`GET /api/v1/scans/${SCAN_ID}/diff`)[0]?.url).toBe(`/api/v1/scans/${SCAN_ID}/diff?against=${OTHER_ID}`);
    expect(screen.getByText('2 new · 1 fixed · 0 unchanged')).toBeInTheDocument();

    const newSection = screen.getByRole('region', { name: 'New (2)' });
    const rows = within(newSection).getAllByRole('row');
    // Most severe first.
    expect(rows[1]).toHaveTextContent('Critical');
    expect(rows[1]).toHaveTextContent('Expired certificate');
    expect(rows[2]).toHaveTextContent('No Content-Security-Policy');
    expect(await within(newSection).findByRole('link', { name: 'Expired certificate' })).toHaveAttribute('href', '/findings/finding-n2');
    expect(within(newSection).queryByRole('link', { name: 'No Content-Security-Policy' })).not.toBeInTheDocument();

    const fixed = screen.getByRole('region', { name: 'Fixed (1)' });
    expect(await within(fixed).findByRole('link', { name: 'TLS 1.0 is enabled' })).toHaveAttribute('href', '/findings/finding-x1');
    expect(screen.getByRole('region', { name: 'Unchanged (0)' })).toHaveTextContent('The two scans have no finding in common.');
    expect(callsTo('GET /api/v1/findings').map((c) => c.url)).toEqual([
      `/api/v1/findings?scan_id=${SCAN_ID}&limit=200`,
      `/api/v1/findings?scan_id=${OTHER_ID}&limit=200`,
    ]);
  });

  it('says when the grade got worse', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('viewer')),
      [`GET /api/v1/scans/${SCAN_ID}/diff`]: json({ ...diff, new: [], fixed: [], counts: { new: 0, fixed: 0, unchanged: 0 } }),
      [`GET /api/v1/scans/${SCAN_ID}`]: json({ ...doneScan, grade: 'F' }),
      [`GET /api/v1/scans/${OTHER_ID}`]: json({ ...base, grade: 'A' }),
      'GET /api/v1/findings': json({ items: [], next_cursor: null }),
    });
    renderScans(`/scans/${SCAN_ID}/diff/${OTHER_ID}`);
    expect(await screen.findByText('Worsened from A to F')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'New (0)' })).toHaveTextContent('No new findings.');
  });

  it('explains a refused comparison', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture('viewer')),
      [`GET /api/v1/scans/${SCAN_ID}/diff`]: problem(409, 'conflict', 'Conflict', 'the two scans do not have the same targets'),
      [`GET /api/v1/scans/${SCAN_ID}`]: json(doneScan),
      [`GET /api/v1/scans/${OTHER_ID}`]: json(base),
    });
    renderScans(`/scans/${SCAN_ID}/diff/${OTHER_ID}`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The comparison could not be loaded.');
    expect(alert).toHaveTextContent('the two scans do not have the same targets');
  });
});
