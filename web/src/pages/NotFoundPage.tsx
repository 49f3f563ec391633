import { Link } from 'react-router-dom';
import { t } from '../i18n';

export function NotFoundPage() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold">{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link to="/" className="text-brand-600 underline dark:text-brand-100">
        {t('notFound.home')}
      </Link>
    </div>
  );
}
