import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SeverityBadge } from '../../components/SeverityBadge';
import type { Severity } from '../../components/severity';
import { TextField } from '../../components/TextField';
import { formatDate, t } from '../../i18n';
import { FormAlert } from './shared/FormAlert';
import { fieldError } from './shared/forms';
import { SectionHeader } from './shared/SectionHeader';
import { SuccessMessage } from './shared/SuccessMessage';
import { SLA_FIELDS, type SlaField, type SlaPolicy } from './types';

const SLA_KEY = ['settings', 'sla'] as const;
const severityOf = (field: SlaField) => field.replace('_days', '') as Severity;

type Draft = Record<SlaField, string>;
const toDraft = (policy: SlaPolicy): Draft =>
  Object.fromEntries(SLA_FIELDS.map((f) => [f, policy[f] === null ? '' : String(policy[f])])) as Draft;

/** Days to fix a finding, per severity (everyone reads it; org:manage changes it). */
export function SlaPage() {
  const { can } = useAuth();
  const policy = useQuery({ queryKey: SLA_KEY, queryFn: () => api.get<SlaPolicy>('/api/v1/orgs/current/sla') });
  return (
    <div className="space-y-6">
      <SectionHeader title={t('settings.sla.title')} description={t('settings.sla.description')} />
      {policy.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : policy.isError ? (
        <ErrorNotice title={t('settings.sla.loadFailed')} error={policy.error} onRetry={() => void policy.refetch()} />
      ) : (
        <>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {policy.data.is_default
              ? t('settings.sla.isDefault')
              : policy.data.updated_at
                ? t('settings.sla.updatedAt', { date: formatDate(policy.data.updated_at) })
                : null}
          </p>
          {can('org:manage') ? <SlaForm policy={policy.data} /> : <SlaTable policy={policy.data} />}
        </>
      )}
    </div>
  );
}

function SlaTable({ policy }: { policy: SlaPolicy }) {
  return (
    <div className="max-w-md">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('settings.sla.severity')}</th>
            <th scope="col">{t('settings.sla.days')}</th>
          </tr>
        </thead>
        <tbody>
          {SLA_FIELDS.map((field) => (
            <tr key={field}>
              <td>
                <SeverityBadge severity={severityOf(field)} />
              </td>
              <td>{policy[field] === null ? t('settings.sla.noSla') : t('settings.sla.daysValue', { count: policy[field] ?? 0 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{t('settings.sla.readOnly')}</p>
    </div>
  );
}

function SlaForm({ policy }: { policy: SlaPolicy }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(policy));
  const [localErrors, setLocalErrors] = useState<Partial<Record<SlaField, string>>>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: Record<SlaField, number | null>) => api.put<SlaPolicy>('/api/v1/orgs/current/sla', body),
    onSuccess: (answer) => {
      queryClient.setQueryData(SLA_KEY, answer);
      setDraft(toDraft(answer));
      setSaved(true);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Partial<Record<SlaField, string>> = {};
    const body = {} as Record<SlaField, number | null>;
    for (const field of SLA_FIELDS) {
      const text = draft[field].trim();
      if (text === '') {
        body[field] = null;
        continue;
      }
      const days = Number(text);
      if (!Number.isInteger(days) || days < 1 || days > 3650) errors[field] = t('settings.sla.range');
      body[field] = days;
    }
    setLocalErrors(errors);
    setSaved(false);
    if (Object.keys(errors).length === 0) save.mutate(body);
  };

  return (
    <form onSubmit={onSubmit} noValidate className="card max-w-xl space-y-4">
      <FormAlert title={t('settings.sla.saveFailed')} error={save.error} fields={SLA_FIELDS} />
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings.sla.hint')}</p>
      <div className="grid gap-4 sm:grid-cols-2">
        {SLA_FIELDS.map((field) => (
          <TextField
            key={field}
            label={t('settings.sla.fieldLabel', { severity: t(`severity.${severityOf(field)}`) })}
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            value={draft[field]}
            placeholder={t('settings.sla.noSla')}
            onChange={(value) => {
              setDraft({ ...draft, [field]: value });
              setSaved(false);
            }}
            error={localErrors[field] ?? fieldError(save.error, field)}
          />
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          {save.isPending ? t('settings.common.saving') : t('settings.sla.save')}
        </button>
        <SuccessMessage>{saved ? t('settings.sla.saved') : null}</SuccessMessage>
      </div>
    </form>
  );
}
