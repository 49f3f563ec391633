import { useId, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/problem';
import { Dialog } from '../../components/Dialog';
import { errorMessage } from '../../components/errorMessage';
import type { FindingStatus } from '../../components/severity';
import { TextField } from '../../components/TextField';
import { formatDate, t } from '../../i18n';
import { TextAreaField } from './TextAreaField';
import type { FindingChange } from './types';

const ACCEPT_PRESETS_DAYS = [30, 90, 180, 365];

function localDateString(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function daysFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return localDateString(d);
}

/** The end of a local calendar day (YYYY-MM-DD) as the UTC time the API takes: the risk is accepted through that day. */
export function endOfLocalDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 23, 59, 59).toISOString();
}

export interface TriageDialogProps {
  /** The status to set; 'extend' changes the acceptance of an accepted risk without repeating the status. */
  target: FindingStatus | 'extend';
  /** How many findings the change applies to (the title says so for bulk changes). */
  count: number;
  pending: boolean;
  error: unknown;
  initialJustification?: string;
  onSubmit: (change: FindingChange) => void;
  onClose: () => void;
}

/** Asks what a status change needs: a justification and an expiry to accept a risk, a reason for a false positive. */
export function TriageDialog({ target, count, pending, error, initialJustification = '', onSubmit, onClose }: TriageDialogProps) {
  const accepting = target === 'accepted_risk' || target === 'extend';
  const [justification, setJustification] = useState(initialJustification);
  const [until, setUntil] = useState(accepting ? daysFromToday(90) : '');
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState(false);
  const today = localDateString(new Date());

  const justificationMissing = accepting && justification.trim() === '';
  const untilInvalid = accepting && (until === '' || until < today);
  const reasonMissing = target === 'false_positive' && note.trim() === '';
  const apiField = (field: string) => (isApiError(error) ? error.fieldError(field) : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (justificationMissing || untilInvalid || reasonMissing) return;
    const change: FindingChange = {};
    if (target !== 'extend') change.status = target;
    if (accepting) {
      change.justification = justification.trim();
      change.accepted_until = endOfLocalDay(until);
    }
    if (note.trim()) change.note = note.trim();
    onSubmit(change);
  };

  const title =
    target === 'extend'
      ? t('findings.triage.extendTitle')
      : t('findings.triage.title', { status: t(`findingStatus.${target}`), count });
  const formId = useId();
  const fieldErrors = isApiError(error) && error.errors.length > 0;

  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn-secondary" onClick={onClose}>
            {t('findings.cancel')}
          </button>
          <button type="submit" form={formId} className="btn-primary" disabled={pending}>
            {pending ? t('findings.saving') : t('findings.triage.confirm')}
          </button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={submit} className="space-y-4">
        {accepting && (
          <>
            <TextAreaField
              label={t('findings.triage.justification')}
              value={justification}
              onChange={setJustification}
              rows={4}
              maxLength={2000}
              required
              hint={t('findings.triage.justificationHint')}
              error={(checked && justificationMissing ? t('findings.triage.justificationRequired') : undefined) ?? apiField('justification')}
            />
            <div>
              <TextField
                type="date"
                label={t('findings.triage.acceptedUntil')}
                value={until}
                min={today}
                required
                onChange={setUntil}
                error={(checked && untilInvalid ? t('findings.triage.acceptedUntilInvalid') : undefined) ?? apiField('accepted_until')}
              />
              <div className="mt-2 flex flex-wrap gap-2" role="group" aria-label={t('findings.triage.presets')}>
                {ACCEPT_PRESETS_DAYS.map((days) => (
                  <button key={days} type="button" className="btn-ghost border border-slate-300 dark:border-slate-600" onClick={() => setUntil(daysFromToday(days))}>
                    {t('findings.triage.presetDays', { count: days })}
                  </button>
                ))}
              </div>
              {until && !untilInvalid && (
                <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  {t('findings.triage.acceptedUntilHint', { date: formatDate(endOfLocalDay(until)) })}
                </p>
              )}
            </div>
          </>
        )}
        <TextAreaField
          label={target === 'false_positive' ? t('findings.triage.reason') : t('findings.triage.note')}
          value={note}
          onChange={setNote}
          rows={3}
          maxLength={2000}
          required={target === 'false_positive'}
          hint={t('findings.triage.noteHint')}
          error={(checked && reasonMissing ? t('findings.triage.reasonRequired') : undefined) ?? apiField('note')}
        />
        {error != null && !fieldErrors && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {triageErrorMessage(error)}
          </p>
        )}
        {error != null && fieldErrors && (
          <p role="alert" className="sr-only">
            {t('findings.triage.fixFields')}
          </p>
        )}
      </form>
    </Dialog>
  );
}

/** A triage error in words: a 409 means the lifecycle does not allow the move. */
export function triageErrorMessage(error: unknown): string {
  if (isApiError(error) && error.status === 409) return t('findings.triage.conflict', { detail: error.detail || error.title });
  if (isApiError(error) && error.status === 404) return t('findings.triage.notFound');
  return errorMessage(error);
}
