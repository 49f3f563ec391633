import { Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { PageLoading } from './components/PageLoading';
import { RequireAuth } from './auth/RequireAuth';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { accountRoutes } from './pages/account/routes';
import { assetRoutes } from './pages/assets/routes';
import { findingRoutes } from './pages/findings/routes';
import { notificationRoutes } from './pages/notifications/routes';
import { scanRoutes } from './pages/scans/routes';
import { settingsRoutes } from './pages/settings/routes';
import { AppShell } from './shell/AppShell';
import { lazyPage } from './shell/lazyPage';

// The dashboard's charts (Recharts) are the largest part of the UI: a chunk of their own, loaded after the shell.
const DashboardPage = lazyPage(() => import('./pages/DashboardPage'), 'DashboardPage');

/** The client routes: only screens that work are routed (see shell/navigation.ts). Each area owns its routes file. */
export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      {accountRoutes}
      <Route element={<RequireAuth />}>
        <Route element={<AppShell />}>
          <Route index element={<DashboardPage />} />
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
