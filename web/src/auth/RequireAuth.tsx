import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { ErrorNotice } from '../components/ErrorNotice';
import { FullPageStatus } from '../components/FullPageStatus';
import { t } from '../i18n';
import { useAuth } from './AuthContext';

/** Client routes behind sign-in: a signed-out visitor goes to /sign-in and comes back here afterwards. */
export function RequireAuth() {
  const { me, loading, error, retry } = useAuth();
  const location = useLocation();
  if (loading) return <FullPageStatus>{t('app.loading')}</FullPageStatus>;
  if (error) {
    return (
      <FullPageStatus>
        <ErrorNotice title={t('auth.checkFailed')} error={error} onRetry={retry} />
      </FullPageStatus>
    );
  }
  if (!me) {
    const next = location.pathname + location.search + location.hash;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/** A path inside this app to return to after signing in; anything else (another origin, "//host") is dropped. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}
