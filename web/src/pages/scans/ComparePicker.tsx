// Picks another ended scan of the same targets to compare with (the diff needs two ended scans of the same
// targets): the candidates come from GET /api/v1/scans?target=<first target>, kept when their target set matches.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/SelectField';
import { formatDate, t } from '../../i18n';
import { SCANS_KEY } from './parts';
import type { ScanDetail } from './types';

function sameTargets(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}

export function ComparePicker({ scan }: { scan: ScanDetail }) {
  const navigate = useNavigate();
  const first = scan.targets[0] ?? '';
  const candidates = useQuery({
    queryKey: [...SCANS_KEY, 'same-targets', first],
    queryFn: ({ signal }) => api.get<Page<ScanDetail>>('/api/v1/scans', { query: { target: first, limit: 100 }, signal }),
    enabled: first !== '',
  });
  const others = (candidates.data?.items ?? []).filter(
    (s) => s.id !== scan.id && (s.state === 'done' || s.state === 'cancelled') && sameTargets(s.targets, scan.targets),
  );
  // The default is the most recent scan before this one (the list is newest first), else the newest other one.
  const earlier = others.find((s) => s.created_at < scan.created_at);
  const [picked, setPicked] = useState('');
  const chosen = picked || earlier?.id || others[0]?.id || '';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen) navigate(`/scans/${scan.id}/diff/${chosen}`);
  };

  return (
    <section aria-labelledby="scan-compare" className="card space-y-3">
      <h2 id="scan-compare" className="text-lg font-semibold">{t('scans.compare.title')}</h2>
      {candidates.isPending && <p role="status">{t('app.loading')}</p>}
      {candidates.isError && (
        <ErrorNotice title={t('scans.compare.loadFailed')} error={candidates.error} onRetry={() => void candidates.refetch()} />
      )}
      {candidates.isSuccess && others.length === 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('scans.compare.none')}</p>
      )}
      {others.length > 0 && (
        <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
          <div className="min-w-[16rem]">
            <SelectField
              label={t('scans.compare.with')}
              value={chosen}
              onChange={setPicked}
              options={others.map((s) => ({
                value: s.id,
                label: t('scans.compare.option', {
                  date: formatDate(s.created_at),
                  grade: s.grade ?? t('scan.noGrade'),
                  state: t(`scan.state.${s.state}`),
                }),
              }))}
            />
          </div>
          <button type="submit" className="btn-primary">
            {t('scans.compare.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
