import { useState } from 'react';
import type { Me } from '../../api/types';
import { SelectField } from '../../components/SelectField';
import { FINDING_STATUSES, type FindingStatus } from '../../components/severity';
import { t } from '../../i18n';
import { useBulkUpdate } from './queries';
import { TriageDialog, triageErrorMessage } from './TriageDialog';
import type { FindingBulkResult, FindingChange, Member } from './types';

export interface BulkBarProps {
  ids: string[];
  members: Member[] | undefined;
  me: Me | null | undefined;
  onClear: () => void;
  /** After a change: the page reports the outcome and drops the updated ids from the selection. */
  onDone: (result: FindingBulkResult) => void;
}

/** Triage of the selected findings in one go (POST /api/v1/findings/bulk, 500 ids per request). */
export function BulkBar({ ids, members, me, onClear, onDone }: BulkBarProps) {
  const bulk = useBulkUpdate();
  const [status, setStatus] = useState<FindingStatus | ''>('');
  const [assignee, setAssignee] = useState('');
  const [dialog, setDialog] = useState<FindingStatus | null>(null);

  const send = (change: FindingChange, after?: () => void) => {
    bulk.mutate(
      { ids, change },
      {
        onSuccess: (answer) => {
          onDone(answer);
          after?.();
        },
      },
    );
  };

  const applyStatus = () => {
    if (!status) return;
    bulk.reset();
    if (status === 'accepted_risk' || status === 'false_positive') setDialog(status);
    else send({ status });
  };

  const assigneeOptions = [
    { value: '', label: t('findings.bulk.chooseAssignee') },
    ...(me ? [{ value: me.id, label: t('findings.assignee.meName', { name: me.display_name || me.email }) }] : []),
    ...(members ?? []).filter((m) => m.active && m.id !== me?.id).map((m) => ({ value: m.id, label: m.display_name || m.email })),
    { value: 'none', label: t('findings.assignee.unassign') },
  ];

  return (
    <section aria-label={t('findings.bulk.label')} className="card space-y-3 border-brand-500 dark:border-brand-500">
      <div className="flex flex-wrap items-end gap-4">
        <p className="self-center text-sm font-semibold">{t('findings.bulk.selected', { count: ids.length })}</p>
        <div className="flex items-end gap-2">
          <SelectField
            label={t('findings.bulk.status')}
            value={status}
            onChange={setStatus}
            options={[{ value: '' as const, label: t('findings.bulk.chooseStatus') }, ...FINDING_STATUSES.map((s) => ({ value: s, label: t(`findingStatus.${s}`) }))]}
          />
          <button type="button" className="btn-primary px-3 py-2" disabled={!status || bulk.isPending} onClick={applyStatus}>
            {t('findings.bulk.apply')}
          </button>
        </div>
        <div className="flex items-end gap-2">
          <SelectField label={t('findings.bulk.assignee')} value={assignee} onChange={setAssignee} options={assigneeOptions} />
          <button
            type="button"
            className="btn-primary px-3 py-2"
            disabled={!assignee || bulk.isPending}
            onClick={() => {
              bulk.reset();
              send({ assignee_id: assignee === 'none' ? null : assignee });
            }}
          >
            {t('findings.bulk.assign')}
          </button>
        </div>
        <button type="button" className="btn-ghost self-center" onClick={onClear}>
          {t('findings.bulk.clear')}
        </button>
      </div>

      <div aria-live="polite" className="text-sm">
        {bulk.isPending && <p>{t('findings.bulk.working', { count: ids.length })}</p>}
      </div>
      {bulk.isError && dialog === null && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {triageErrorMessage(bulk.error)}
        </p>
      )}

      {dialog && (
        <TriageDialog
          target={dialog}
          count={ids.length}
          pending={bulk.isPending}
          error={bulk.error}
          onClose={() => {
            setDialog(null);
            bulk.reset();
          }}
          onSubmit={(change) => send(change, () => setDialog(null))}
        />
      )}
    </section>
  );
}
