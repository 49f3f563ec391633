import type { ReactNode } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import type { Permission } from '../../auth/permissions';
import { t } from '../../i18n';
import { SETTINGS_SECTIONS } from './sections';

/** The settings page: the list of sections the caller may use, and the chosen section. */
export function SettingsLayout() {
  const { me, can } = useAuth();
  // Inside the shell the user is known; the check keeps every section's first render working with it.
  if (!me) return <p role="status">{t('app.loading')}</p>;
  const sections = SETTINGS_SECTIONS.filter((s) => can(s.permission));
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t('settings.title')}</h1>
      <div className="flex flex-col gap-6 lg:flex-row">
        <nav aria-label={t('settings.nav.label')} className="shrink-0 lg:w-52">
          <ul className="flex flex-wrap gap-1 lg:flex-col">
            {sections.map((section) => (
              <li key={section.path}>
                <NavLink
                  to={`/settings/${section.path}`}
                  className={({ isActive }) =>
                    `block rounded-md px-3 py-2 text-sm font-medium ${
                      isActive
                        ? 'bg-brand-100 text-brand-700 dark:bg-slate-800 dark:text-white'
                        : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                    }`
                  }
                >
                  {t(section.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <section className="min-w-0 flex-1">
          <Outlet />
        </section>
      </div>
    </div>
  );
}

/** A section reached by its address without the permission it needs says so instead of failing request by request. */
export function RequireSection({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(permission)) {
    return (
      <div role="alert" className="card text-sm">
        <p className="font-semibold">{t('settings.forbidden.title')}</p>
        <p className="mt-1 text-slate-700 dark:text-slate-300">{t('settings.forbidden.body')}</p>
      </div>
    );
  }
  return <>{children}</>;
}
