import { Link, useParams } from 'react-router-dom';
import { t } from '../../i18n';
import { FindingDetail } from './FindingDetail';

/** /findings/:id: one finding on its own page (notifications and shared links lead here). */
export function FindingDetailPage() {
  const { id = '' } = useParams();
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link to="/findings" className="btn-ghost -ml-2">
        <span aria-hidden="true">←&nbsp;</span>
        {t('findings.detail.backToList')}
      </Link>
      <div className="card">
        <FindingDetail key={id} id={id} variant="page" />
      </div>
    </div>
  );
}
