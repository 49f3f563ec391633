import { Dialog } from '../../components/Dialog';
import { t, type MessageKey } from '../../i18n';

const SHORTCUTS: Array<{ keys: string[]; label: MessageKey; triage?: boolean }> = [
  { keys: ['j', '↓'], label: 'findings.keys.next' },
  { keys: ['k', '↑'], label: 'findings.keys.previous' },
  { keys: ['Enter', 'o'], label: 'findings.keys.open' },
  { keys: ['x'], label: 'findings.keys.select', triage: true },
  { keys: ['Esc'], label: 'findings.keys.close' },
  { keys: ['/'], label: 'findings.keys.search' },
  { keys: ['?'], label: 'findings.keys.help' },
];

export function ShortcutsDialog({ open, onClose, canTriage }: { open: boolean; onClose: () => void; canTriage: boolean }) {
  return (
    <Dialog open={open} title={t('findings.keys.title')} onClose={onClose}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {SHORTCUTS.filter((s) => canTriage || !s.triage).map((s) => (
          <div key={s.label} className="contents">
            <dt className="flex gap-1">
              {s.keys.map((k) => (
                <kbd key={k} className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">
                  {k}
                </kbd>
              ))}
            </dt>
            <dd>{t(s.label)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
