import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/TextField';
import { t, type MessageKey } from '../../i18n';
import { loadSavedViews, newViewId, storeSavedViews, type SavedView } from './savedViews';

/** Views every analyst starts with; they cannot be deleted. */
const BUILT_IN: Array<{ label: MessageKey; query: string }> = [
  { label: 'findings.views.active', query: 'status=open&status=triaged' },
  { label: 'findings.views.mine', query: 'status=open&status=triaged&assignee=me' },
  { label: 'findings.views.breached', query: 'status=open&status=triaged&sla_breached=true' },
];

const chipClass = (current: boolean) =>
  `inline-flex items-center rounded-full border px-3 py-1 text-xs font-medium ${
    current
      ? 'border-brand-600 bg-brand-50 text-brand-700 dark:border-brand-500 dark:bg-slate-800 dark:text-white'
      : 'border-slate-300 text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:text-slate-100 dark:hover:bg-slate-800'
  }`;

export interface SavedViewsBarProps {
  /** Where the views are kept (per user and organisation); null until the user is known. */
  storageKey: string | null;
  /** The canonical query of the list as shown. */
  currentQuery: string;
}

/** Saved filter sets: apply one with a click, save the current one under a name, delete one. */
export function SavedViewsBar({ storageKey, currentQuery }: SavedViewsBarProps) {
  const [views, setViews] = useState<SavedView[]>(() => (storageKey ? loadSavedViews(storageKey) : []));
  const [loadedKey, setLoadedKey] = useState(storageKey);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();

  if (storageKey !== loadedKey) {
    setLoadedKey(storageKey);
    setViews(storageKey ? loadSavedViews(storageKey) : []);
  }

  const persist = (next: SavedView[]): boolean => {
    if (!storageKey) return false;
    if (!storeSavedViews(storageKey, next)) return false;
    setViews(next);
    return true;
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(t('findings.views.nameRequired'));
      return;
    }
    // Saving under an existing name replaces that view.
    const others = views.filter((v) => v.name.toLowerCase() !== trimmed.toLowerCase());
    if (!persist([...others, { id: newViewId(), name: trimmed, query: currentQuery }])) {
      setError(t('findings.views.storageFailed'));
      return;
    }
    setSaving(false);
    setName('');
    setError(undefined);
  };

  return (
    <nav aria-label={t('findings.views.label')} className="flex flex-wrap items-center gap-2">
      <span className="text-sm font-medium text-slate-700 dark:text-slate-200">{t('findings.views.title')}</span>
      <ul className="flex flex-wrap items-center gap-2">
        <li>
          <Link to="/findings" className={chipClass(currentQuery === '')} aria-current={currentQuery === '' ? 'page' : undefined}>
            {t('findings.views.all')}
          </Link>
        </li>
        {BUILT_IN.map((v) => (
          <li key={v.label}>
            <Link to={`/findings?${v.query}`} className={chipClass(currentQuery === v.query)} aria-current={currentQuery === v.query ? 'page' : undefined}>
              {t(v.label)}
            </Link>
          </li>
        ))}
        {views.map((v) => (
          <li key={v.id} className="inline-flex items-center">
            <Link
              to={v.query ? `/findings?${v.query}` : '/findings'}
              className={`${chipClass(currentQuery === v.query)} rounded-r-none`}
              aria-current={currentQuery === v.query ? 'page' : undefined}
            >
              {v.name}
            </Link>
            <button
              type="button"
              className="rounded-r-full border border-l-0 border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-red-50 hover:text-red-800 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-red-950 dark:hover:text-red-100"
              aria-label={t('findings.views.delete', { name: v.name })}
              onClick={() => persist(views.filter((other) => other.id !== v.id))}
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
      {storageKey && (
        <button type="button" className="btn-ghost text-xs" onClick={() => setSaving(true)}>
          {t('findings.views.save')}
        </button>
      )}
      <Dialog
        open={saving}
        title={t('findings.views.saveTitle')}
        onClose={() => {
          setSaving(false);
          setError(undefined);
        }}
        footer={
          <>
            <button type="button" className="btn-secondary" onClick={() => setSaving(false)}>
              {t('findings.cancel')}
            </button>
            <button type="submit" form="findings-save-view" className="btn-primary">
              {t('findings.views.saveConfirm')}
            </button>
          </>
        }
      >
        <form id="findings-save-view" onSubmit={save} noValidate className="space-y-2">
          <TextField label={t('findings.views.name')} value={name} onChange={setName} maxLength={80} error={error} required />
          <p className="text-xs text-slate-600 dark:text-slate-400">{t('findings.views.saveHint')}</p>
        </form>
      </Dialog>
    </nav>
  );
}
