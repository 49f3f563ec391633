// The routes of this area: /scans, /scans/new, /scans/:id, /scans/:id/diff/:otherId (inside the shell).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.
import { Route } from 'react-router-dom';
import { lazyPage } from '../../shell/lazyPage';

const NewScanPage = lazyPage(() => import('./NewScanPage'), 'NewScanPage');
const ScanDiffPage = lazyPage(() => import('./ScanDiffPage'), 'ScanDiffPage');
const ScanLivePage = lazyPage(() => import('./ScanLivePage'), 'ScanLivePage');
const ScansListPage = lazyPage(() => import('./ScansListPage'), 'ScansListPage');

export const scanRoutes = (
  <>
    <Route path="scans" element={<ScansListPage />} />
    <Route path="scans/new" element={<NewScanPage />} />
    <Route path="scans/:id" element={<ScanLivePage />} />
    <Route path="scans/:id/diff/:otherId" element={<ScanDiffPage />} />
  </>
);
