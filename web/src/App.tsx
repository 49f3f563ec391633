import { Suspense, useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './auth/AuthContext';
import { PageLoading } from './components/PageLoading';
import { RequireAuth } from './auth/RequireAuth';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { accountRoutes } from './pages/account/routes';
import { prefetchDashboard } from './pages/dashboard/queries';
import { assetRoutes } from './pages/assets/routes';
import { findingRoutes } from './pages/findings/routes';
import { notificationRoutes } from './pages/notifications/routes';
import { scanRoutes } from './pages/scans/routes';
import { settingsRoutes } from './pages/settings/routes';
import { AppShell } from './shell/AppShell';
import { lazyPage } from './shell/lazyPage';

// The dashboard's charts (Recharts) are the largest part of the UI: a chunk of their own, loaded after the shell.
const DashboardPage = lazyPage(() => import('./pages/DashboardPage'), 'DashboardPage');

/**
 * The dashboard, with its requests started as soon as the route is entered: they run while the dashboard's chunk
 * (the charts) loads, instead of after it.
 */
function DashboardRoute() {
  const queryClient = useQueryClient();
  const { can } = useAuth();
  const { search } = useLocation();
  useEffect(() => {
    prefetchDashboard(queryClient, can, search);
    // Once per visit of the page: the cards keep their queries fresh themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <Suspense fallback={<PageLoading />}>
      <DashboardPage />
    </Suspense>
  );
}

/** The client routes: only screens that work are routed (see shell/navigation.ts). Each area owns its routes file. */
export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      {accountRoutes}
      <Route element={<RequireAuth />}>
        <Route element={<AppShell />}>
          <Route index element={<DashboardRoute />} />
          {scanRoutes}
          {findingRoutes}
          {assetRoutes}
          {notificationRoutes}
          {settingsRoutes}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
    </Suspense>
  );
}
