import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { isApiError } from '../../api/problem';
import { useAuth } from '../../auth/AuthContext';
import { ME_QUERY_KEY } from '../../auth/AuthProvider';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { t } from '../../i18n';
import { QrCode } from './QrCode';
import { RecoveryCodes } from './RecoveryCodes';
import { Badge } from './shared/Badge';
import { FormAlert } from './shared/FormAlert';
import { fieldError } from './shared/forms';
import { SectionHeader } from './shared/SectionHeader';
import { SuccessMessage } from './shared/SuccessMessage';
import type { RecoveryCodes as RecoveryCodesAnswer, TotpEnrollment } from './types';

/** Groups a base32 secret in fours for typing it by hand. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** Two-factor authentication: enrol (QR code or secret, then a code), recovery codes, disable. */
export function TwoFactorPage() {
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [disabled, setDisabled] = useState(false);
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });

  if (!me) return null;

  return (
    <div className="space-y-6">
      <SectionHeader title={t('settings.twoFactor.title')} description={t('settings.twoFactor.description')} />
      {codes ? (
        <RecoveryCodes codes={codes} email={me.email} onDone={() => setCodes(null)} />
      ) : me.totp_enabled ? (
        <EnabledPanel recoveryCodesLeft={me.recovery_codes_left} onDisabled={() => { setDisabled(true); void refreshMe(); }} />
      ) : (
        <>
          <SuccessMessage>{disabled ? t('settings.twoFactor.disabledDone') : null}</SuccessMessage>
          <EnrollPanel
            onConfirmed={(list) => {
              setDisabled(false);
              setCodes(list);
              void refreshMe();
            }}
            onAlreadyEnabled={() => void refreshMe()}
          />
        </>
      )}
    </div>
  );
}

function EnrollPanel({ onConfirmed, onAlreadyEnabled }: { onConfirmed: (codes: string[]) => void; onAlreadyEnabled: () => void }) {
  const [code, setCode] = useState('');
  const enroll = useMutation({
    mutationFn: () => api.post<TotpEnrollment>('/api/v1/auth/totp/enroll'),
    onError: (error) => {
      if (isApiError(error) && error.status === 409) onAlreadyEnabled();
    },
  });
  const confirm = useMutation({
    mutationFn: (value: string) => api.post<RecoveryCodesAnswer>('/api/v1/auth/totp/confirm', { code: value }),
    onSuccess: (answer) => onConfirmed(answer.recovery_codes),
  });
  const enrollment = enroll.data;

  const onConfirm = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(code.replace(/\s+/g, ''));
  };

  if (!enrollment) {
    return (
      <div className="card max-w-2xl space-y-4 text-sm">
        <p className="flex items-center gap-2">
          {t('settings.twoFactor.status')} <Badge tone="warn">{t('settings.twoFactor.off')}</Badge>
        </p>
        <p>{t('settings.twoFactor.whyEnable')}</p>
        {enroll.isError && <ErrorNotice title={t('settings.twoFactor.enrollFailed')} error={enroll.error} />}
        <button type="button" className="btn-primary" onClick={() => enroll.mutate()} disabled={enroll.isPending}>
          {enroll.isPending ? t('settings.twoFactor.starting') : t('settings.twoFactor.start')}
        </button>
      </div>
    );
  }

  return (
    <div className="card max-w-2xl space-y-5 text-sm">
      <ol className="list-inside list-decimal space-y-1">
        <li>{t('settings.twoFactor.step1')}</li>
        <li>{t('settings.twoFactor.step2')}</li>
      </ol>
      <div className="flex flex-wrap items-start gap-6">
        <QrCode svg={enrollment.qr_svg} />
        <div className="min-w-0 flex-1 space-y-2">
          <p className="label">{t('settings.twoFactor.secretLabel')}</p>
          <code
            data-testid="totp-secret"
            className="block select-all break-all rounded border border-slate-300 bg-white px-3 py-2 font-mono text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
          >
            {groupSecret(enrollment.secret)}
          </code>
          <p className="text-xs text-slate-600 dark:text-slate-400">{t('settings.twoFactor.secretHint')}</p>
        </div>
      </div>
      <form onSubmit={onConfirm} noValidate className="max-w-xs space-y-3">
        <FormAlert title={t('settings.twoFactor.confirmFailed')} error={confirm.error} fields={['code']} />
        <TextField
          label={t('settings.twoFactor.code')}
          value={code}
          onChange={setCode}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={64}
          required
          error={fieldError(confirm.error, 'code')}
        />
        <button type="submit" className="btn-primary" disabled={confirm.isPending || code.trim() === ''}>
          {confirm.isPending ? t('settings.twoFactor.confirming') : t('settings.twoFactor.confirm')}
        </button>
      </form>
    </div>
  );
}

function EnabledPanel({ recoveryCodesLeft, onDisabled }: { recoveryCodesLeft: number; onDisabled: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const disable = useMutation({
    mutationFn: () => api.post('/api/v1/auth/totp/disable', { password, code: code.replace(/\s+/g, '') }),
    onSuccess: onDisabled,
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    disable.mutate();
  };
  const low = recoveryCodesLeft <= 3;
  return (
    <div className="space-y-6">
      <div className="card max-w-2xl space-y-2 text-sm">
        <p className="flex items-center gap-2">
          {t('settings.twoFactor.status')} <Badge tone="good">{t('settings.twoFactor.on')}</Badge>
        </p>
        <p className={low ? 'font-medium text-amber-900 dark:text-amber-200' : ''}>
          {t('settings.twoFactor.codesLeft', { count: recoveryCodesLeft })}
        </p>
        {low && <p className="text-slate-700 dark:text-slate-300">{t('settings.twoFactor.codesLow')}</p>}
      </div>
      <form onSubmit={onSubmit} noValidate className="card max-w-2xl space-y-4">
        <h3 className="text-base font-semibold">{t('settings.twoFactor.disableTitle')}</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings.twoFactor.disableHelp')}</p>
        <FormAlert title={t('settings.twoFactor.disableFailed')} error={disable.error} fields={['password', 'code']} />
        <div className="grid max-w-md gap-4">
          <TextField
            label={t('settings.twoFactor.password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            required
            error={fieldError(disable.error, 'password')}
          />
          <TextField
            label={t('settings.twoFactor.codeOrRecovery')}
            value={code}
            onChange={setCode}
            autoComplete="one-time-code"
            maxLength={64}
            required
            error={fieldError(disable.error, 'code')}
          />
        </div>
        <button
          type="submit"
          className="btn-danger"
          disabled={disable.isPending || password === '' || code.trim() === ''}
        >
          {disable.isPending ? t('settings.common.working') : t('settings.twoFactor.disable')}
        </button>
      </form>
    </div>
  );
}
