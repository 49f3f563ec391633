import { NavLink } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { t } from '../i18n';
import { visibleNavItems } from './navigation';

export function Sidebar() {
  const { can } = useAuth();
  return (
    <nav
      aria-label={t('nav.label')}
      className="w-48 shrink-0 border-r border-slate-200 bg-slate-50 px-3 py-4 dark:border-slate-800 dark:bg-slate-900 lg:w-56"
    >
      <ul className="space-y-1">
        {visibleNavItems(can).map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              end={item.to === '/'}
              className={({ isActive }) =>
                `block rounded-md px-3 py-2 text-sm font-medium ${
                  isActive
                    ? 'bg-brand-100 text-brand-700 dark:bg-slate-800 dark:text-white'
                    : 'text-slate-700 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800'
                }`
              }
            >
              {t(item.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
