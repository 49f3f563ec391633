// Test helpers of the findings area: fixtures as the API answers them, and a render at a URL that shows where the
// router went.
import { Routes, useLocation } from 'react-router-dom';
import { LiveSocket } from '../../live/socket';
import { LiveSocketProvider } from '../../live/useTopic';
import { FakeWebSocketImpl } from '../../test/FakeWebSocket';
import { renderApp } from '../../test/render';
import { findingRoutes } from './routes';
import type { Finding } from './types';

export const ANA_ID = '0192f0c4-0000-7000-8000-000000000001';
export const BOB_ID = '0192f0c4-0000-7000-8000-000000000002';

export function findingFixture(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'f-1',
    check: 'tls.protocol.tls1_0',
    title: 'TLS 1.0 enabled',
    severity: 'high',
    status: 'open',
    fingerprint: 'fp-1',
    first_seen: '2026-01-02T03:04:05.678Z',
    last_seen: '2026-01-05T03:04:05.678Z',
    occurrences: 3,
    cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N', score: 3.7 },
    cwe: ['CWE-327'],
    cve: [],
    location: 'www.example.com:443',
    evidence: 'Server accepted TLSv1.0 handshake',
    recommendation: 'Disable TLS 1.0 and 1.1.',
    references: ['https://www.rfc-editor.org/rfc/rfc8996', 'javascript:alert(1)'],
    module: 'tls',
    target: 'www.example.com',
    asset_id: 'asset-1',
    regression: false,
    first_scan_id: 'scan-1',
    last_scan_id: 'scan-2',
    fixed_scan_id: null,
    fixed_at: null,
    sla_due_at: '2026-02-01T03:04:05.678Z',
    sla_breached: false,
    assignee_id: null,
    accepted_until: null,
    justification: '',
    created_at: '2026-01-02T03:04:05.678Z',
    updated_at: '2026-01-05T03:04:05.678Z',
    ...overrides,
  };
}

export const members = {
  items: [
    { id: ANA_ID, email: 'ana@example.com', display_name: 'Ana Lyst', email_verified: true, active: true, totp_enabled: false, role: 'analyst', created_at: '2026-01-01T00:00:00.000Z' },
    { id: BOB_ID, email: 'bob@example.com', display_name: 'Bob Ops', email_verified: true, active: true, totp_enabled: false, role: 'admin', created_at: '2026-01-01T00:00:00.000Z' },
  ],
  next_cursor: null,
};

function LocationProbe() {
  const location = useLocation();
  return (
    <output data-testid="location">
      {location.pathname}
      {location.search}
    </output>
  );
}

/** Renders the findings routes at `path`, with a fake live socket; `location()` is where the router is now. */
export function renderFindings(path: string) {
  const socket = new LiveSocket({ url: 'ws://palisade.test/api/v1/ws', WebSocketImpl: FakeWebSocketImpl });
  const result = renderApp(
    <LiveSocketProvider socket={socket}>
      <Routes>{findingRoutes}</Routes>
      <LocationProbe />
    </LiveSocketProvider>,
    { path },
  );
  const location = () => decodeURIComponent(result.getByTestId('location').textContent ?? '');
  return { ...result, socket, location };
}

/** The query of a recorded request URL. */
export function queryOf(url: string | undefined): URLSearchParams {
  return new URLSearchParams((url ?? '').split('?')[1] ?? '');
}
