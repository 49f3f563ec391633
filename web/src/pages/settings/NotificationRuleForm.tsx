import { useId, useState, type FormEvent } from 'react';
import type { Role } from '../../api/types';
import { SEVERITIES } from '../../components/severity';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { t } from '../../i18n';
import { CheckboxField } from './shared/CheckboxField';
import { FormAlert } from './shared/FormAlert';
import { fieldError } from './shared/forms';
import { isApiError } from '../../api/problem';
import {
  NOTIFICATION_EVENTS,
  ROLES,
  type InAppTarget,
  type NotificationChannels,
  type NotificationEvent,
  type NotificationRule,
  type Webhook,
} from './types';

export interface RuleBody {
  name: string;
  event: NotificationEvent;
  enabled: boolean;
  min_severity?: string | null;
  days_before?: number | null;
  channels: NotificationChannels;
}

const SEVERITY_EVENTS: readonly NotificationEvent[] = ['finding.new', 'sla.breached'];
const CREATOR_EVENTS: readonly NotificationEvent[] = ['scan.finished', 'scan.failed'];

/** The fields this form shows errors at; anything else goes in the alert above it. */
const PLACED = (field: string) =>
  ['name', 'event', 'min_severity', 'days_before', 'channels', 'channels.in_app', 'channels.in_app.to', 'channels.in_app.roles',
    'channels.email', 'channels.email.roles', 'channels.webhook_ids'].includes(field) ||
  field.startsWith('channels.email.addresses');

function RoleChecks({ legend, value, onChange, error }: { legend: string; value: Role[]; onChange: (roles: Role[]) => void; error?: string | undefined }) {
  const errorId = useId();
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="label">{legend}</legend>
      <div className="flex flex-wrap gap-4">
        {ROLES.map((role) => (
          <CheckboxField
            key={role}
            label={t(`role.${role}`)}
            checked={value.includes(role)}
            onChange={(on) => onChange(on ? [...value, role] : value.filter((r) => r !== role))}
          />
        ))}
      </div>
      {error && (
        <p id={errorId} className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Create or edit a notification rule: the event, its conditions and where it goes (in-app, e-mail, webhooks). */
export function NotificationRuleForm({
  rule,
  webhooks,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  rule: NotificationRule | null;
  webhooks: Webhook[];
  pending: boolean;
  error: unknown;
  onSubmit: (body: RuleBody) => void;
  onCancel: () => void;
}) {
  const channels = rule?.channels ?? { in_app: { to: 'all' } };
  const [name, setName] = useState(rule?.name ?? '');
  const [event, setEvent] = useState<NotificationEvent>(rule?.event ?? 'finding.new');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [minSeverity, setMinSeverity] = useState<string>(rule?.min_severity ?? '');
  const [daysBefore, setDaysBefore] = useState(rule?.days_before ? String(rule.days_before) : '7');
  const [inAppOn, setInAppOn] = useState(Boolean(channels.in_app));
  const [inAppTo, setInAppTo] = useState<InAppTarget>(channels.in_app?.to ?? 'all');
  const [inAppRoles, setInAppRoles] = useState<Role[]>(channels.in_app?.roles ?? []);
  const [emailOn, setEmailOn] = useState(Boolean(channels.email));
  const [addresses, setAddresses] = useState((channels.email?.addresses ?? []).join('\n'));
  const [emailRoles, setEmailRoles] = useState<Role[]>(channels.email?.roles ?? []);
  const [webhookIds, setWebhookIds] = useState<string[]>(channels.webhook_ids ?? []);
  const addressesId = useId();

  const severityApplies = SEVERITY_EVENTS.includes(event);
  const daysApply = event === 'risk.expiring';
  const creatorAllowed = CREATOR_EVENTS.includes(event);
  const addressList = addresses.split(/[\s,;]+/).map((a) => a.trim()).filter(Boolean);

  const addressErrors = isApiError(error)
    ? error.errors
        .filter((e) => e.field.startsWith('channels.email.addresses'))
        .map((e) => {
          const index = /\[(\d+)\]$/.exec(e.field)?.[1];
          const address = index === undefined ? undefined : addressList[Number(index)];
          return address ? `${address}: ${e.message}` : e.message;
        })
    : [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: RuleBody = { name: name.trim(), event, enabled, channels: {} };
    if (inAppOn) {
      const to = inAppTo === 'creator' && !creatorAllowed ? 'all' : inAppTo;
      body.channels.in_app = to === 'roles' ? { to, roles: inAppRoles } : { to };
    }
    if (emailOn) {
      body.channels.email = {};
      if (addressList.length > 0) body.channels.email.addresses = addressList;
      if (emailRoles.length > 0) body.channels.email.roles = emailRoles;
    }
    const ids = webhookIds.filter((id) => webhooks.some((w) => w.id === id));
    if (ids.length > 0) body.channels.webhook_ids = ids;
    // A new rule leaves out what does not apply; a changed one clears it (null), since PATCH keeps what is not sent.
    if (severityApplies) body.min_severity = minSeverity === '' ? null : minSeverity;
    else if (rule) body.min_severity = null;
    if (daysApply) body.days_before = Number(daysBefore);
    else if (rule) body.days_before = null;
    onSubmit(body);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormAlert title={t('settings.rules.saveFailed')} error={error} fields={PLACED} />
      <TextField label={t('settings.rules.name')} value={name} onChange={setName} maxLength={200} error={fieldError(error, 'name')} />
      <SelectField<NotificationEvent>
        label={t('settings.rules.event')}
        value={event}
        onChange={setEvent}
        options={NOTIFICATION_EVENTS.map((ev) => ({ value: ev, label: t(`settings.rules.event.${ev}`) }))}
        error={fieldError(error, 'event')}
      />
      {severityApplies && (
        <SelectField
          label={t('settings.rules.minSeverity')}
          value={minSeverity}
          onChange={setMinSeverity}
          options={[
            { value: '', label: t('settings.rules.anySeverity') },
            ...[...SEVERITIES].reverse().map((s) => ({ value: s, label: t('settings.rules.atLeast', { severity: t(`severity.${s}`) }) })),
          ]}
          error={fieldError(error, 'min_severity')}
        />
      )}
      {daysApply && (
        <TextField
          label={t('settings.rules.daysBefore')}
          type="number"
          min={1}
          max={90}
          value={daysBefore}
          onChange={setDaysBefore}
          error={fieldError(error, 'days_before')}
        />
      )}
      <CheckboxField label={t('settings.rules.enabled')} checked={enabled} onChange={setEnabled} />

      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
        <legend className="px-1 text-sm font-semibold">{t('settings.rules.channels')}</legend>
        {fieldError(error, 'channels') && <p className="text-sm text-red-700 dark:text-red-300">{fieldError(error, 'channels')}</p>}

        <CheckboxField label={t('settings.rules.inApp')} checked={inAppOn} onChange={setInAppOn} />
        {inAppOn && (
          <div className="space-y-3 pl-6">
            <SelectField<InAppTarget>
              label={t('settings.rules.inAppTo')}
              value={inAppTo === 'creator' && !creatorAllowed ? 'all' : inAppTo}
              onChange={setInAppTo}
              options={[
                { value: 'all', label: t('settings.rules.to.all') },
                { value: 'roles', label: t('settings.rules.to.roles') },
                ...(creatorAllowed ? [{ value: 'creator' as const, label: t('settings.rules.to.creator') }] : []),
              ]}
              error={fieldError(error, 'channels.in_app.to') ?? fieldError(error, 'channels.in_app')}
            />
            {inAppTo === 'roles' && (
              <RoleChecks
                legend={t('settings.rules.inAppRoles')}
                value={inAppRoles}
                onChange={setInAppRoles}
                error={fieldError(error, 'channels.in_app.roles')}
              />
            )}
          </div>
        )}

        <CheckboxField label={t('settings.rules.email')} checked={emailOn} onChange={setEmailOn} />
        {emailOn && (
          <div className="space-y-3 pl-6">
            {fieldError(error, 'channels.email') && (
              <p className="text-sm text-red-700 dark:text-red-300">{fieldError(error, 'channels.email')}</p>
            )}
            <div>
              <label htmlFor={addressesId} className="label">
                {t('settings.rules.emailAddresses')}
              </label>
              <textarea
                id={addressesId}
                className="input min-h-[5rem] font-mono"
                value={addresses}
                onChange={(e) => setAddresses(e.target.value)}
                aria-invalid={addressErrors.length > 0 || undefined}
                aria-describedby={`${addressesId}-hint${addressErrors.length > 0 ? ` ${addressesId}-error` : ''}`}
              />
              <p id={`${addressesId}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                {t('settings.rules.emailAddressesHint')}
              </p>
              {addressErrors.length > 0 && (
                <ul id={`${addressesId}-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">
                  {addressErrors.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              )}
            </div>
            <RoleChecks
              legend={t('settings.rules.emailRoles')}
              value={emailRoles}
              onChange={setEmailRoles}
              error={fieldError(error, 'channels.email.roles')}
            />
          </div>
        )}

        <fieldset>
          <legend className="label">{t('settings.rules.webhooks')}</legend>
          {webhooks.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings.rules.noWebhooks')}</p>
          ) : (
            <div className="space-y-2">
              {webhooks.map((w) => (
                <CheckboxField
                  key={w.id}
                  label={w.name}
                  hint={w.url}
                  checked={webhookIds.includes(w.id)}
                  onChange={(on) => setWebhookIds(on ? [...webhookIds, w.id] : webhookIds.filter((id) => id !== w.id))}
                />
              ))}
            </div>
          )}
          {fieldError(error, 'channels.webhook_ids') && (
            <p className="mt-1 text-sm text-red-700 dark:text-red-300">{fieldError(error, 'channels.webhook_ids')}</p>
          )}
        </fieldset>
      </fieldset>

      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onCancel}>
          {t('settings.common.cancel')}
        </button>
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? t('settings.common.saving') : rule ? t('settings.common.save') : t('settings.rules.create')}
        </button>
      </div>
    </form>
  );
}
