// Fixtures and a render helper shared by the scan screens' tests.
import { Route, Routes, useLocation } from 'react-router-dom';
import { LiveSocket } from '../../live/socket';
import { LiveSocketProvider } from '../../live/useTopic';
import { FakeWebSocketImpl } from '../../test/FakeWebSocket';
import { renderApp } from '../../test/render';
import { scanRoutes } from './routes';

export const SCAN_ID = '0192f0c4-0000-7000-8000-0000000000s1';
export const OTHER_ID = '0192f0c4-0000-7000-8000-0000000000s0';

export const doneScan = {
  id: SCAN_ID,
  state: 'done',
  targets: ['www.example.com', '10.0.0.0/28'],
  profile: 'standard',
  modules: ['ports', 'services', 'tls', 'headers'],
  options: {},
  progress: 100,
  findings_count: 3,
  complete: true,
  incomplete_reason: null,
  error: null,
  score: 72,
  grade: 'C',
  summary: { new: 2, seen_again: 1, regressions: 0, fixed: 1, suppressed: 0, assets_created: 2, assets_updated: 0 },
  created_by: '0192f0c4-0000-7000-8000-000000000001',
  schedule_id: null,
  created_at: '2026-01-02T03:04:05.678Z',
  started_at: '2026-01-02T03:04:06.000Z',
  finished_at: '2026-01-02T03:10:00.000Z',
};

export const runningScan = {
  ...doneScan,
  id: '0192f0c4-0000-7000-8000-0000000000s2',
  state: 'running',
  targets: ['api.example.com'],
  progress: 10,
  findings_count: 0,
  complete: false,
  score: null,
  grade: null,
  summary: {},
  finished_at: null,
};

/** Where the router is, for asserting navigation. */
function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** The scan routes at `path`, inside the providers, with a fake live socket. */
export function renderScans(path: string) {
  const socket = new LiveSocket({ url: 'ws://palisade.test/api/v1/ws', WebSocketImpl: FakeWebSocketImpl });
  const result = renderApp(
    <LiveSocketProvider socket={socket}>
      <Routes>
        {scanRoutes}
        <Route path="findings" element={<p>findings page</p>} />
        <Route path="findings/:id" element={<p>finding page</p>} />
      </Routes>
      <Where />
    </LiveSocketProvider>,
    { path },
  );
  return { ...result, socket };
}
