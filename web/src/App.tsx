import { Route, Routes } from 'react-router-dom';
import { RequireAuth } from './auth/RequireAuth';
import { DashboardPage } from './pages/DashboardPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { accountRoutes } from './pages/account/routes';
import { assetRoutes } from './pages/assets/routes';
import { findingRoutes } from './pages/findings/routes';
import { notificationRoutes } from './pages/notifications/routes';
import { scanRoutes } from './pages/scans/routes';
import { settingsRoutes } from './pages/settings/routes';
import { AppShell } from './shell/AppShell';

/** The client routes: only screens that work are routed (see shell/navigation.ts). Each area owns its routes file. */
export function AppRoutes() {
  return (
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
  );
}
