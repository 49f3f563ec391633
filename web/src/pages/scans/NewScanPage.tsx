// /scans/new: targets checked against the organisation's scope as they are typed, a profile, and optionally a
// schedule (a saved scan that runs on a cron expression) instead of a one-off scan.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { isApiError, type FieldError } from '../../api/problem';
import type { Scan } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { errorMessage } from '../../components/errorMessage';
import { formatDate, t } from '../../i18n';
import { SCANS_KEY } from './parts';
import { ScopeCheckList } from './ScopeCheckList';
import { checkTarget, compileScope, splitTargets } from './scope';
import type { ListNotice } from './ScansListPage';
import type { CreateScanRequest, CreateScanScheduleRequest, ScanProfile, ScanSchedule, Scope } from './types';

export const SCOPE_KEY = ['scans', 'scope'] as const;
export const PROFILES_KEY = ['scans', 'profiles'] as const;
const MAX_TARGETS = 1000;

type Frequency = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'custom';
const FREQUENCIES: readonly Frequency[] = ['hourly', 'daily', 'weekly', 'monthly', 'custom'];
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '0'] as const;
type Weekday = (typeof WEEKDAYS)[number];

interface ScheduleForm {
  enabled: boolean;
  name: string;
  frequency: Frequency;
  time: string;
  weekday: Weekday;
  cron: string;
  timezone: string;
  runNow: boolean;
}

type FieldName = 'targets' | 'profile' | 'name' | 'cron' | 'timezone';
type FieldErrors = Partial<Record<FieldName, string>>;

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The cron expression the schedule fields stand for (docs/api.md "Cron expressions"). */
export function cronFor(s: Pick<ScheduleForm, 'frequency' | 'time' | 'weekday' | 'cron'>): string {
  const [h = '0', m = '0'] = s.time.split(':');
  const hour = String(Number(h) || 0);
  const minute = String(Number(m) || 0);
  switch (s.frequency) {
    case 'hourly':
      return `${minute} * * * *`;
    case 'daily':
      return `${minute} ${hour} * * *`;
    case 'weekly':
      return `${minute} ${hour} * * ${s.weekday}`;
    case 'monthly':
      return `${minute} ${hour} 1 * *`;
    case 'custom':
      return s.cron.trim();
  }
}

/** The server's field errors, sorted to the field they name ("targets", "targets[2]", "options.rate"...). */
function fieldOf(field: string): FieldName | null {
  const base = field.split(/[[.]/)[0] ?? field;
  if (base === 'targets') return 'targets';
  if (base === 'profile' || base === 'modules' || base === 'options') return 'profile';
  if (base === 'name' || base === 'cron' || base === 'timezone') return base;
  return null;
}

function sortErrors(errors: FieldError[]): { fields: FieldErrors; rest: FieldError[] } {
  const fields: FieldErrors = {};
  const rest: FieldError[] = [];
  for (const e of errors) {
    const name = fieldOf(e.field);
    if (name) fields[name] = fields[name] ? `${fields[name]} ${e.message}` : e.message;
    else rest.push(e);
  }
  return { fields, rest };
}

type Outcome = { kind: 'scan'; scan: Scan } | { kind: 'schedule'; schedule: ScanSchedule };

export function NewScanPage() {
  const { can } = useAuth();
  if (!can('scans:run')) {
    return (
      <div className="space-y-4">
        <h1 className="page-title">{t('scans.new.title')}</h1>
        <p>{t('scans.new.notAllowed')}</p>
        <Link to="/scans" className="btn-secondary">
          {t('scans.new.backToList')}
        </Link>
      </div>
    );
  }
  return <NewScanForm />;
}

function NewScanForm() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const targetsId = useId();
  const [targetsText, setTargetsText] = useState('');
  const [profile, setProfile] = useState('');
  const [schedule, setSchedule] = useState<ScheduleForm>({
    enabled: false,
    name: '',
    frequency: 'daily',
    time: '02:30',
    weekday: '1',
    cron: '',
    timezone: browserTimeZone(),
    runNow: true,
  });
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});

  const scope = useQuery({ queryKey: SCOPE_KEY, queryFn: () => api.get<Scope>('/api/v1/orgs/current/scope') });
  const profiles = useQuery({
    queryKey: PROFILES_KEY,
    queryFn: () => api.get<{ items: ScanProfile[] }>('/api/v1/scan-profiles'),
  });

  const targets = useMemo(() => splitTargets(targetsText), [targetsText]);
  const compiled = useMemo(() => (scope.data ? compileScope(scope.data) : null), [scope.data]);
  const verdicts = useMemo(
    () => (compiled ? targets.map((target) => checkTarget(compiled, target)) : null),
    [compiled, targets],
  );
  const scopeEmpty = compiled !== null && compiled.domains.length === 0 && compiled.ranges.length === 0;
  const profileItems = profiles.data?.items ?? [];
  const chosenProfile =
    profile || (profileItems.find((p) => p.name === 'standard') ?? profileItems[0])?.name || 'standard';
  const cron = cronFor(schedule);

  const submit = useMutation({
    mutationFn: async (): Promise<Outcome> => {
      if (!schedule.enabled) {
        const body: CreateScanRequest = { targets, profile: chosenProfile };
        return { kind: 'scan', scan: await api.post<Scan>('/api/v1/scans', body) };
      }
      const body: CreateScanScheduleRequest = {
        name: schedule.name.trim(),
        cron,
        timezone: schedule.timezone.trim() || 'UTC',
        targets,
        profile: chosenProfile,
      };
      const saved = await api.post<ScanSchedule>('/api/v1/scan-schedules', body);
      if (!schedule.runNow) return { kind: 'schedule', schedule: saved };
      return { kind: 'scan', scan: await api.post<Scan>(`/api/v1/scan-schedules/${saved.id}/run`) };
    },
    onSuccess: (outcome) => {
      void queryClient.invalidateQueries({ queryKey: SCANS_KEY });
      if (outcome.kind === 'scan') {
        navigate(`/scans/${outcome.scan.id}`);
      } else {
        const s = outcome.schedule;
        const notice = s.next_run_at
          ? t('scans.new.scheduleSaved', { name: s.name, next: formatDate(s.next_run_at) })
          : t('scans.new.scheduleSavedNoRun', { name: s.name });
        navigate('/scans', { state: { notice } satisfies ListNotice });
      }
    },
  });

  const server = isApiError(submit.error) ? sortErrors(submit.error.errors) : { fields: {}, rest: [] };
  const errors: FieldErrors = { ...server.fields, ...clientErrors };
  const generalError = submit.isError && Object.keys(server.fields).length === 0;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (targets.length === 0) found.targets = t('scans.new.error.noTargets');
    else if (targets.length > MAX_TARGETS) found.targets = t('scans.new.error.tooMany', { max: MAX_TARGETS });
    else if (verdicts) {
      const bad = verdicts.filter((v) => v.status !== 'in').length;
      if (bad > 0) found.targets = t('scans.new.error.outOfScope', { count: bad });
    }
    if (schedule.enabled) {
      if (!schedule.name.trim()) found.name = t('scans.new.error.noName');
      if (!cron) found.cron = t('scans.new.error.noCron');
    }
    setClientErrors(found);
    if (Object.keys(found).length > 0) return;
    submit.mutate();
  };

  const setS = <K extends keyof ScheduleForm>(key: K, value: ScheduleForm[K]) =>
    setSchedule((prev) => ({ ...prev, [key]: value }));

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <Link to="/scans" className="text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          {t('scans.new.backToList')}
        </Link>
        <h1 className="page-title mt-2">{t('scans.new.title')}</h1>
      </div>
      <form onSubmit={onSubmit} noValidate className="space-y-6">
        <section className="card space-y-3">
          <label htmlFor={targetsId} className="label">
            {t('scans.new.targets')}
          </label>
          <p id={`${targetsId}-help`} className="text-sm text-slate-600 dark:text-slate-400">
            {t('scans.new.targetsHelp')}
          </p>
          <textarea
            id={targetsId}
            value={targetsText}
            onChange={(e) => {
              setTargetsText(e.target.value);
              if (clientErrors.targets) setClientErrors((prev) => ({ ...prev, targets: undefined }));
            }}
            rows={5}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            placeholder="www.example.com&#10;10.0.0.0/28&#10;https://app.example.com/login"
            aria-invalid={errors.targets ? true : undefined}
            aria-describedby={`${targetsId}-help${errors.targets ? ` ${targetsId}-error` : ''}`}
            className="input font-mono"
          />
          {errors.targets && (
            <p id={`${targetsId}-error`} className="text-sm text-red-700 dark:text-red-300">
              {errors.targets}
            </p>
          )}
          {scope.isError && (
            <ErrorNotice title={t('scans.new.scopeFailed')} error={scope.error} onRetry={() => void scope.refetch()} />
          )}
          {scopeEmpty && (
            <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
              {can('scope:manage') ? t('scans.new.scopeEmptyAdmin') : t('scans.new.scopeEmpty')}
            </p>
          )}
          {compiled && !scopeEmpty && (
            <details className="text-sm">
              <summary className="cursor-pointer text-slate-700 dark:text-slate-300">{t('scans.new.scopeShow')}</summary>
              <p className="mt-1 text-slate-600 dark:text-slate-400">
                {[...compiled.domains, ...compiled.ranges.map((r) => r.text)].join(', ')}
              </p>
            </details>
          )}
          {verdicts && targets.length > 0 && <ScopeCheckList verdicts={verdicts} />}
        </section>

        <section className="card space-y-3">
          {profiles.isError && (
            <ErrorNotice title={t('scans.new.profilesFailed')} error={profiles.error} onRetry={() => void profiles.refetch()} />
          )}
          <SelectField
            label={t('scans.new.profile')}
            value={chosenProfile}
            onChange={setProfile}
            error={errors.profile}
            disabled={profiles.isPending}
            options={
              profileItems.length > 0
                ? profileItems.map((p) => ({
                    value: p.name,
                    label: p.description ? `${p.name} — ${p.description}` : p.name,
                  }))
                : [{ value: chosenProfile, label: chosenProfile }]
            }
          />
          {profileItems.find((p) => p.name === chosenProfile) && (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {t('scans.new.profileModules', {
                modules: profileItems.find((p) => p.name === chosenProfile)?.modules.join(', ') ?? '',
              })}
            </p>
          )}
        </section>

        <fieldset className="card space-y-4">
          <legend className="sr-only">{t('scans.new.scheduleLegend')}</legend>
          <label className="flex items-center gap-2 text-sm font-medium">
            <input
              type="checkbox"
              checked={schedule.enabled}
              onChange={(e) => setS('enabled', e.target.checked)}
              className="h-4 w-4 rounded border-slate-400"
            />
            {t('scans.new.scheduleToggle')}
          </label>
          {schedule.enabled && (
            <div className="grid gap-4 md:grid-cols-2">
              <div className="md:col-span-2">
                <TextField label={t('scans.new.scheduleName')} value={schedule.name} onChange={(v) => setS('name', v)} error={errors.name} maxLength={100} />
              </div>
              <SelectField<Frequency>
                label={t('scans.new.frequency')}
                value={schedule.frequency}
                onChange={(v) => setS('frequency', v)}
                options={FREQUENCIES.map((f) => ({ value: f, label: t(`scans.new.frequency.${f}`) }))}
              />
              {schedule.frequency === 'weekly' && (
                <SelectField<Weekday>
                  label={t('scans.new.weekday')}
                  value={schedule.weekday}
                  onChange={(v) => setS('weekday', v)}
                  options={WEEKDAYS.map((d) => ({ value: d, label: t(`scans.new.weekday.${d}`) }))}
                />
              )}
              {schedule.frequency !== 'custom' && (
                <TextField
                  label={schedule.frequency === 'hourly' ? t('scans.new.minute') : t('scans.new.time')}
                  type="time"
                  value={schedule.time}
                  onChange={(v) => setS('time', v)}
                />
              )}
              {schedule.frequency === 'custom' && (
                <TextField
                  label={t('scans.new.cron')}
                  value={schedule.cron}
                  onChange={(v) => setS('cron', v)}
                  error={errors.cron}
                  placeholder="30 2 * * MON-FRI"
                  className="font-mono"
                />
              )}
              <TextField
                label={t('scans.new.timezone')}
                value={schedule.timezone}
                onChange={(v) => setS('timezone', v)}
                error={errors.timezone}
              />
              <p className="text-sm text-slate-600 dark:text-slate-400 md:col-span-2">
                {schedule.frequency === 'custom' ? t('scans.new.cronHelp') : t('scans.new.cronIs', { cron })}
                {schedule.frequency !== 'custom' && errors.cron && (
                  <span className="block text-red-700 dark:text-red-300">{errors.cron}</span>
                )}
              </p>
              <label className="flex items-center gap-2 text-sm md:col-span-2">
                <input
                  type="checkbox"
                  checked={schedule.runNow}
                  onChange={(e) => setS('runNow', e.target.checked)}
                  className="h-4 w-4 rounded border-slate-400"
                />
                {t('scans.new.runNow')}
              </label>
            </div>
          )}
        </fieldset>

        {generalError && <ErrorNotice title={t('scans.new.submitFailed')} error={submit.error} />}
        {server.rest.length > 0 && (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            <p className="font-semibold">{t('scans.new.submitFailed')}</p>
            <ul className="mt-1 list-disc pl-5">
              {server.rest.map((e) => (
                <li key={`${e.field}:${e.message}`}>{`${e.field}: ${e.message}`}</li>
              ))}
            </ul>
          </div>
        )}
        {Object.keys(server.fields).length > 0 && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {t('scans.new.fixFields', { detail: submit.error ? errorMessage(submit.error) : '' })}
          </p>
        )}
        <div className="flex flex-wrap gap-3">
          <button type="submit" className="btn-primary" disabled={submit.isPending}>
            {submit.isPending
              ? t('scans.new.submitting')
              : schedule.enabled
                ? t('scans.new.submitSchedule')
                : t('scans.new.submit')}
          </button>
          <Link to="/scans" className="btn-secondary">
            {t('scans.new.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
