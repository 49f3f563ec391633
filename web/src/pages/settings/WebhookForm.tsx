import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/TextField';
import { t } from '../../i18n';
import { CheckboxField } from './shared/CheckboxField';
import { FormAlert } from './shared/FormAlert';
import { fieldError } from './shared/forms';
import type { Webhook } from './types';

export interface WebhookBody {
  name?: string;
  url?: string;
  enabled?: boolean;
  allow_private?: boolean;
}

const FIELDS = ['name', 'url', 'enabled', 'allow_private'];

/** Create a webhook, or change one: only the fields that changed are sent (a sent URL is checked again). */
export function WebhookForm({
  webhook,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  webhook: Webhook | null;
  pending: boolean;
  error: unknown;
  onSubmit: (body: WebhookBody) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(webhook?.name ?? '');
  const [url, setUrl] = useState(webhook?.url ?? 'https://');
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const [allowPrivate, setAllowPrivate] = useState(webhook?.allow_private ?? false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = { name: name.trim(), url: url.trim(), enabled, allow_private: allowPrivate };
    if (!webhook) {
      onSubmit(next);
      return;
    }
    const body: WebhookBody = {};
    if (next.name !== webhook.name) body.name = next.name;
    if (next.url !== webhook.url) body.url = next.url;
    if (next.enabled !== webhook.enabled) body.enabled = next.enabled;
    if (next.allow_private !== webhook.allow_private) body.allow_private = next.allow_private;
    onSubmit(body);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormAlert title={t('settings.webhooks.saveFailed')} error={error} fields={FIELDS} />
      <TextField label={t('settings.webhooks.name')} value={name} onChange={setName} maxLength={200} required error={fieldError(error, 'name')} />
      <TextField
        label={t('settings.webhooks.url')}
        type="url"
        value={url}
        onChange={setUrl}
        maxLength={2048}
        required
        error={fieldError(error, 'url')}
      />
      <CheckboxField label={t('settings.webhooks.enabled')} checked={enabled} onChange={setEnabled} />
      <CheckboxField
        label={t('settings.webhooks.allowPrivate')}
        hint={t('settings.webhooks.allowPrivateHint')}
        checked={allowPrivate}
        onChange={setAllowPrivate}
      />
      {fieldError(error, 'allow_private') && (
        <p className="text-sm text-red-700 dark:text-red-300">{fieldError(error, 'allow_private')}</p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onCancel}>
          {t('settings.common.cancel')}
        </button>
        <button type="submit" className="btn-primary" disabled={pending || name.trim() === '' || url.trim() === ''}>
          {pending ? t('settings.common.saving') : webhook ? t('settings.common.save') : t('settings.webhooks.create')}
        </button>
      </div>
    </form>
  );
}
