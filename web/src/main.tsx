import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router-dom';
import { api } from './api/client';
import { isApiError } from './api/problem';
import { AppRoutes } from './App';
import { AuthProvider } from './auth/AuthProvider';
import { setLiveAuthExpiredHandler } from './live/socket';
import { applyTheme, readThemePreference } from './theme/theme';
import './index.css';

// Before the first render, so the page never shows in the wrong theme (the CSP allows no inline script in <head>).
applyTheme(readThemePreference());

// The server closes the WebSocket with 4001 when its access token expires: refresh, then reconnect.
setLiveAuthExpiredHandler(() => api.refreshSession());

const ROUTER_FUTURE = { v7_startTransition: true, v7_relativeSplatPath: true } as const;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      // A 4xx will not change by asking again; network errors and 5xx get two more tries.
      retry: (failures, error) => failures < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter future={ROUTER_FUTURE}>
        <AuthProvider>
          <AppRoutes />
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
