import { Suspense } from 'react';
import { Link, Outlet } from 'react-router-dom';
import { PageLoading } from '../components/PageLoading';
import { t } from '../i18n';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';

/** The signed-in layout: skip link, top bar, navigation and the page. */
export function AppShell() {
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
      >
        {t('app.skipToContent')}
      </a>
      <header className="flex h-14 items-center justify-between border-b border-slate-200 px-4 dark:border-slate-800">
        <Link to="/" className="text-lg font-bold tracking-tight text-brand-700 dark:text-brand-100">
          {t('app.name')}
        </Link>
        <TopBar />
      </header>
      <div className="flex flex-1">
        <Sidebar />
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-6">
          {/* Pages arrive as chunks of their own on first visit. */}
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
