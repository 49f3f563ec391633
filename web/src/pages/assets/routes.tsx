// The routes of this area: /assets, /assets/:id (inside the shell).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.
import { Route } from 'react-router-dom';
import { lazyPage } from '../../shell/lazyPage';

const AssetDetailPage = lazyPage(() => import('./AssetDetailPage'), 'AssetDetailPage');
const AssetsPage = lazyPage(() => import('./AssetsPage'), 'AssetsPage');

export const assetRoutes = (
  <>
    <Route path="assets" element={<AssetsPage />} />
    <Route path="assets/:id" element={<AssetDetailPage />} />
  </>
);
