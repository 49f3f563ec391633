import { useState } from 'react';
import { useAuth } from '../../auth/AuthContext';
import { SelectField } from '../../components/SelectField';
import type { FindingStatus } from '../../components/severity';
import { t, type MessageKey } from '../../i18n';
import { personName } from './people';
import { useMembers, useUpdateFinding } from './queries';
import { TriageDialog, triageErrorMessage } from './TriageDialog';
import type { Finding } from './types';

type Action = { target: FindingStatus | 'extend'; label: MessageKey; needsDialog: boolean; primary?: boolean };

/** What the lifecycle allows from a status (docs/api.md "Lifecycle"): closed findings can only be reopened. */
function actionsFor(status: FindingStatus): Action[] {
  switch (status) {
    case 'open':
    case 'triaged':
      return [
        status === 'open'
          ? { target: 'triaged', label: 'findings.action.triage', needsDialog: false, primary: true }
          : { target: 'open', label: 'findings.action.backToOpen', needsDialog: false },
        { target: 'fixed', label: 'findings.action.fixed', needsDialog: false },
        { target: 'accepted_risk', label: 'findings.action.acceptRisk', needsDialog: true },
        { target: 'false_positive', label: 'findings.action.falsePositive', needsDialog: true },
      ];
    case 'accepted_risk':
      return [
        { target: 'open', label: 'findings.action.reopen', needsDialog: false },
        { target: 'extend', label: 'findings.action.extend', needsDialog: true },
      ];
    default:
      return [{ target: 'open', label: 'findings.action.reopen', needsDialog: false }];
  }
}

/** Status and assignee changes of one finding (PATCH /api/v1/findings/{id}); shown only with findings:triage. */
export function TriageControls({ finding }: { finding: Finding }) {
  const { me } = useAuth();
  const members = useMembers();
  const update = useUpdateFinding(finding.id);
  const [dialog, setDialog] = useState<FindingStatus | 'extend' | null>(null);

  const run = (action: Action) => {
    update.reset();
    if (action.needsDialog) setDialog(action.target);
    else update.mutate({ status: action.target as FindingStatus });
  };

  const assignee = finding.assignee_id ?? '';
  const memberOptions = (members.data ?? []).filter((m) => m.active || m.id === assignee);
  const options = [
    { value: '', label: t('findings.assignee.none') },
    ...memberOptions.map((m) => ({ value: m.id, label: m.display_name || m.email })),
  ];
  if (assignee && !options.some((o) => o.value === assignee)) options.push({ value: assignee, label: personName(assignee, members.data, me) });

  return (
    <div className="space-y-4">
      <div role="group" aria-label={t('findings.action.group')} className="flex flex-wrap gap-2">
        {actionsFor(finding.status).map((action) => (
          <button
            key={action.target}
            type="button"
            className={action.primary ? 'btn-primary px-3 py-1.5' : 'btn-secondary'}
            disabled={update.isPending}
            onClick={() => run(action)}
          >
            {t(action.label)}
          </button>
        ))}
      </div>

      {members.enabled && members.data ? (
        <SelectField
          label={t('findings.detail.assignee')}
          value={assignee}
          options={options}
          disabled={update.isPending}
          onChange={(v) => update.mutate({ assignee_id: v === '' ? null : v })}
        />
      ) : (
        <div>
          <p className="label">{t('findings.detail.assignee')}</p>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span>{personName(finding.assignee_id, members.data, me)}</span>
            {me && finding.assignee_id !== me.id && (
              <button type="button" className="btn-secondary" disabled={update.isPending} onClick={() => update.mutate({ assignee_id: me.id })}>
                {t('findings.assignee.assignMe')}
              </button>
            )}
            {finding.assignee_id && (
              <button type="button" className="btn-ghost" disabled={update.isPending} onClick={() => update.mutate({ assignee_id: null })}>
                {t('findings.assignee.unassign')}
              </button>
            )}
          </div>
        </div>
      )}

      <p aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">
        {update.isPending ? t('findings.saving') : ''}
      </p>
      {update.isError && dialog === null && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {triageErrorMessage(update.error)}
        </p>
      )}

      {dialog && (
        <TriageDialog
          target={dialog}
          count={1}
          pending={update.isPending}
          error={update.error}
          initialJustification={dialog === 'extend' ? finding.justification ?? '' : ''}
          onClose={() => {
            setDialog(null);
            update.reset();
          }}
          onSubmit={(change) => update.mutate(change, { onSuccess: () => setDialog(null) })}
        />
      )}
    </div>
  );
}
