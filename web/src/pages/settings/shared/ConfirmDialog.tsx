import type { ReactNode } from 'react';
import { Dialog } from '../../../components/Dialog';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { t } from '../../../i18n';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending?: boolean;
  error?: unknown;
  errorTitle?: string;
  /** A destructive action gets the red button. */
  danger?: boolean;
}

/** Asks before a change that cannot be undone; shows progress and what went wrong without closing. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, children, confirmLabel, onConfirm, onClose, pending = false, error, errorTitle, danger = true } = props;
  return (
    <Dialog
      title={title}
      open={open}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn-secondary" onClick={onClose}>
            {t('settings.common.cancel')}
          </button>
          <button
            type="button"
            className={danger ? 'btn-danger' : 'btn-primary'}
            onClick={onConfirm}
            disabled={pending}
            aria-busy={pending || undefined}
          >
            {pending ? t('settings.common.working') : confirmLabel}
          </button>
        </>
      }
    >
      <div className="space-y-3 text-sm">
        {children}
        {error ? <ErrorNotice title={errorTitle ?? t('settings.common.actionFailed')} error={error} /> : null}
      </div>
    </Dialog>
  );
}
