// Entering an asset by hand (POST /api/v1/assets) and editing one (PATCH /api/v1/assets/{id}): both need
// assets:manage, so callers only offer this dialog to roles that have it.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { isApiError } from '../../api/problem';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { t } from '../../i18n';
import { parseTags } from './AssetBits';
import {
  ASSET_TYPES,
  CRITICALITIES,
  assetKeys,
  type AssetCreateRequest,
  type AssetDetail,
  type AssetType,
  type Criticality,
} from './types';

const MAX_TAGS = 32;
const MAX_TAG_LENGTH = 64;

export interface AssetFormDialogProps {
  open: boolean;
  onClose: () => void;
  /** The asset to edit; without it the dialog creates one. */
  asset?: AssetDetail;
  onSaved: (asset: AssetDetail) => void;
}

function tagsError(tags: string[]): string | undefined {
  if (tags.length > MAX_TAGS) return t('assets.form.tooManyTags', { count: MAX_TAGS });
  if (tags.some((tag) => tag.length > MAX_TAG_LENGTH)) return t('assets.form.tagTooLong', { count: MAX_TAG_LENGTH });
  return undefined;
}

export function AssetFormDialog({ open, onClose, asset, onSaved }: AssetFormDialogProps) {
  const queryClient = useQueryClient();
  const editing = asset !== undefined;
  const [type, setType] = useState<AssetType>(asset?.type ?? 'host');
  const [name, setName] = useState(asset?.name ?? '');
  const [criticality, setCriticality] = useState<Criticality>(asset?.criticality ?? 'medium');
  const [owner, setOwner] = useState(asset?.owner ?? '');
  const [environment, setEnvironment] = useState(asset?.environment ?? '');
  const [tagsText, setTagsText] = useState((asset?.tags ?? []).join(', '));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: (body: AssetCreateRequest | Omit<AssetCreateRequest, 'type' | 'name'>) =>
      editing
        ? api.patch<AssetDetail>(`/api/v1/assets/${encodeURIComponent(asset.id)}`, body)
        : api.post<AssetDetail>('/api/v1/assets', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(assetKeys.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: assetKeys.all });
      onSaved(saved);
    },
  });

  const serverError = (field: string) => (isApiError(save.error) ? save.error.fieldError(field) : undefined);
  const fieldError = (field: string) => localErrors[field] ?? serverError(field);
  const namedFields = ['type', 'name', 'criticality', 'owner', 'environment', 'tags'];
  const unnamedError =
    save.isError && !(isApiError(save.error) && save.error.errors.some((e) => namedFields.includes(e.field)));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const tags = parseTags(tagsText);
    const errors: Record<string, string> = {};
    if (!editing && name.trim() === '') errors.name = t('assets.form.nameRequired');
    const tagProblem = tagsError(tags);
    if (tagProblem) errors.tags = tagProblem;
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const common = { criticality, owner: owner.trim(), environment: environment.trim(), tags };
    save.mutate(editing ? common : { type, name: name.trim(), ...common });
  };

  const formId = editing ? 'asset-edit-form' : 'asset-create-form';
  return (
    <Dialog
      title={editing ? t('assets.form.editTitle', { name: asset.name }) : t('assets.form.createTitle')}
      open={open}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn-secondary" onClick={onClose}>
            {t('assets.form.cancel')}
          </button>
          <button type="submit" form={formId} className="btn-primary" disabled={save.isPending}>
            {save.isPending ? t('assets.form.saving') : editing ? t('assets.form.save') : t('assets.form.create')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
        {unnamedError && <ErrorNotice title={t('assets.form.failed')} error={save.error} />}
        {!editing && (
          <>
            <TextField
              label={t('assets.form.nameLabel')}
              value={name}
              onChange={setName}
              maxLength={255}
              required
              autoComplete="off"
              error={fieldError('name')}
            />
            <SelectField
              label={t('assets.field.type')}
              value={type}
              onChange={setType}
              options={ASSET_TYPES.map((v) => ({ value: v, label: t(`assets.type.${v}`) }))}
              error={fieldError('type')}
            />
          </>
        )}
        <SelectField
          label={t('assets.field.criticality')}
          value={criticality}
          onChange={setCriticality}
          options={CRITICALITIES.map((v) => ({ value: v, label: t(`assets.criticality.${v}`) }))}
          error={fieldError('criticality')}
        />
        <TextField label={t('assets.field.owner')} value={owner} onChange={setOwner} maxLength={200} error={fieldError('owner')} />
        <TextField
          label={t('assets.field.environment')}
          value={environment}
          onChange={setEnvironment}
          maxLength={100}
          error={fieldError('environment')}
        />
        <TextField label={t('assets.form.tagsLabel')} value={tagsText} onChange={setTagsText} error={fieldError('tags')} />
      </form>
    </Dialog>
  );
}
