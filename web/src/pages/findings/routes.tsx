// The routes of this area: /findings, /findings/:id (inside the shell).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.
import { Route } from 'react-router-dom';
import { lazyPage } from '../../shell/lazyPage';

const FindingDetailPage = lazyPage(() => import('./FindingDetailPage'), 'FindingDetailPage');
const FindingsPage = lazyPage(() => import('./FindingsPage'), 'FindingsPage');

export const findingRoutes = (
  <>
    <Route path="findings" element={<FindingsPage />} />
    <Route path="findings/:id" element={<FindingDetailPage />} />
  </>
);
