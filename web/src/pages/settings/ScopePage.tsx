import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { t, type MessageKey } from '../../i18n';
import { FormAlert } from './shared/FormAlert';
import { fieldError } from './shared/forms';
import { SectionHeader } from './shared/SectionHeader';
import { SuccessMessage } from './shared/SuccessMessage';
import type { Scope } from './types';

const SCOPE_KEY = ['settings', 'scope'] as const;
type ScopeList = keyof Scope;

interface Row {
  key: number;
  value: string;
}

let nextRowKey = 1;
const toRows = (values: string[]): Row[] => values.map((value) => ({ key: nextRowKey++, value }));

/** Sent entries with, for each, the row it came from: the server's `domains[i]` names the i-th *sent* entry. */
function entriesOf(rows: Row[]): { values: string[]; rowOf: number[] } {
  const values: string[] = [];
  const rowOf: number[] = [];
  rows.forEach((row, index) => {
    const value = row.value.trim();
    if (value === '') return;
    values.push(value);
    rowOf.push(index);
  });
  return { values, rowOf };
}

/** What the organisation may scan: domains and CIDR ranges (scope:manage edits, everyone with scans:read reads). */
export function ScopePage() {
  const { can } = useAuth();
  const scope = useQuery({ queryKey: SCOPE_KEY, queryFn: () => api.get<Scope>('/api/v1/orgs/current/scope') });
  return (
    <div className="space-y-6">
      <SectionHeader title={t('settings.scope.title')} description={t('settings.scope.description')} />
      {scope.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : scope.isError ? (
        <ErrorNotice title={t('settings.scope.loadFailed')} error={scope.error} onRetry={() => void scope.refetch()} />
      ) : can('scope:manage') ? (
        <ScopeEditor scope={scope.data} />
      ) : (
        <ScopeView scope={scope.data} />
      )}
    </div>
  );
}

function ScopeView({ scope }: { scope: Scope }) {
  const empty = (scope.domains ?? []).length === 0 && (scope.cidrs ?? []).length === 0;
  if (empty) {
    return <EmptyState title={t('settings.scope.emptyTitle')}>{t('settings.scope.emptyReadOnly')}</EmptyState>;
  }
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {(['domains', 'cidrs'] as const).map((list) => (
        <div key={list} className="card">
          <h3 className="mb-2 text-base font-semibold">{t(`settings.scope.${list}`)}</h3>
          {(scope[list] ?? []).length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings.scope.none')}</p>
          ) : (
            <ul className="space-y-1 font-mono text-sm">
              {(scope[list] ?? []).map((entry) => (
                <li key={entry}>{entry}</li>
              ))}
            </ul>
          )}
        </div>
      ))}
      <p className="text-sm text-slate-600 dark:text-slate-400 md:col-span-2">{t('settings.scope.readOnly')}</p>
    </div>
  );
}

function ScopeEditor({ scope }: { scope: Scope }) {
  const queryClient = useQueryClient();
  const [domains, setDomains] = useState<Row[]>(() => toRows(scope.domains ?? []));
  const [cidrs, setCidrs] = useState<Row[]>(() => toRows(scope.cidrs ?? []));
  const [sent, setSent] = useState<{ domains: number[]; cidrs: number[] }>({ domains: [], cidrs: [] });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: Scope) => api.put<Scope>('/api/v1/orgs/current/scope', body),
    onSuccess: (answer) => {
      // The server normalises, sorts and de-duplicates: show what it stored.
      queryClient.setQueryData(SCOPE_KEY, answer);
      setDomains(toRows(answer.domains ?? []));
      setCidrs(toRows(answer.cidrs ?? []));
      setSaved(true);
    },
  });

  const edit = (setter: (rows: Row[]) => void) => (rows: Row[]) => {
    setter(rows);
    setSaved(false);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const d = entriesOf(domains);
    const c = entriesOf(cidrs);
    setSent({ domains: d.rowOf, cidrs: c.rowOf });
    save.mutate({ domains: d.values, cidrs: c.values });
  };

  /** The server's message for a row: `domains[2]` is the third entry sent, which may not be the third row. */
  const rowError = (list: ScopeList, rowIndex: number) => {
    const sentIndex = sent[list].indexOf(rowIndex);
    return sentIndex < 0 ? undefined : fieldError(save.error, `${list}[${sentIndex}]`);
  };
  const placed = (field: string) => /^(domains|cidrs)(\[\d+\])?$/.test(field);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormAlert title={t('settings.scope.saveFailed')} error={save.error} fields={placed} />
      <div className="grid gap-4 xl:grid-cols-2">
        <EntryList
          list="domains"
          title="settings.scope.domains"
          hint="settings.scope.domainsHint"
          placeholder="example.com"
          rows={domains}
          setRows={edit(setDomains)}
          listError={fieldError(save.error, 'domains')}
          rowError={(i) => rowError('domains', i)}
        />
        <EntryList
          list="cidrs"
          title="settings.scope.cidrs"
          hint="settings.scope.cidrsHint"
          placeholder="10.0.0.0/24"
          rows={cidrs}
          setRows={edit(setCidrs)}
          listError={fieldError(save.error, 'cidrs')}
          rowError={(i) => rowError('cidrs', i)}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          {save.isPending ? t('settings.common.saving') : t('settings.scope.save')}
        </button>
        <SuccessMessage>{saved ? t('settings.scope.saved') : null}</SuccessMessage>
      </div>
    </form>
  );
}

function EntryList(props: {
  list: ScopeList;
  title: MessageKey;
  hint: MessageKey;
  placeholder: string;
  rows: Row[];
  setRows: (rows: Row[]) => void;
  listError: string | undefined;
  rowError: (index: number) => string | undefined;
}) {
  const { list, title, hint, placeholder, rows, setRows, listError, rowError } = props;
  const hintId = useId();
  const update = (index: number, value: string) => setRows(rows.map((r, i) => (i === index ? { ...r, value } : r)));
  const remove = (index: number) => setRows(rows.filter((_, i) => i !== index));
  return (
    <fieldset className="card space-y-3" aria-describedby={hintId}>
      <legend className="px-1 text-base font-semibold">{t(title)}</legend>
      <p id={hintId} className="text-xs text-slate-600 dark:text-slate-400">
        {t(hint)}
      </p>
      {listError && <p className="text-sm text-red-700 dark:text-red-300">{listError}</p>}
      {rows.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings.scope.noneYet')}</p>}
      <ul className="space-y-2">
        {rows.map((row, index) => {
          const error = rowError(index);
          const inputId = `${list}-${row.key}`;
          return (
            <li key={row.key}>
              <div className="flex items-start gap-2">
                <label htmlFor={inputId} className="sr-only">
                  {t('settings.scope.entryLabel', { list: t(title), n: index + 1 })}
                </label>
                <input
                  id={inputId}
                  className="input font-mono"
                  value={row.value}
                  placeholder={placeholder}
                  maxLength={300}
                  onChange={(e) => update(index, e.target.value)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${inputId}-error` : undefined}
                />
                <button
                  type="button"
                  className="btn-ghost shrink-0"
                  onClick={() => remove(index)}
                  aria-label={t('settings.scope.remove', { entry: row.value || t('settings.scope.emptyEntry') })}
                >
                  {t('settings.common.remove')}
                </button>
              </div>
              {error && (
                <p id={`${inputId}-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">
                  {error}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <button type="button" className="btn-secondary" onClick={() => setRows([...rows, { key: nextRowKey++, value: '' }])}>
        {t(list === 'domains' ? 'settings.scope.addDomain' : 'settings.scope.addCidr')}
      </button>
    </fieldset>
  );
}
