// The per-target verdicts of the scope check, with why each target is (not) in scope.
import type { MessageKey } from '../../i18n';
import { t } from '../../i18n';
import type { InvalidReason, ScopeVerdict } from './scope';

const INVALID_KEY: Record<InvalidReason, MessageKey> = {
  empty: 'scans.scope.invalid.empty',
  control: 'scans.scope.invalid.control',
  badIpv4: 'scans.scope.invalid.badIpv4',
  badIpv6: 'scans.scope.invalid.badIpv6',
  hostPort: 'scans.scope.invalid.hostPort',
  badPrefix: 'scans.scope.invalid.badPrefix',
  badAddressBeforeSlash: 'scans.scope.invalid.badAddressBeforeSlash',
  badUrl: 'scans.scope.invalid.badUrl',
  urlScheme: 'scans.scope.invalid.urlScheme',
  hostName: 'scans.scope.invalid.hostName',
  nonAscii: 'scans.scope.invalid.nonAscii',
};

function explain(v: ScopeVerdict): string {
  switch (v.status) {
    case 'invalid':
      return t(INVALID_KEY[v.reason]);
    case 'in':
      return v.by === 'domain' ? t('scans.scope.inDomain', { rule: v.rule }) : t('scans.scope.inRange', { rule: v.rule });
    case 'out':
      if (v.kind === 'name') return t('scans.scope.outName');
      if (v.kind === 'range') return t('scans.scope.outRange');
      return v.mapped ? t('scans.scope.outMapped') : t('scans.scope.outAddress');
  }
}

const STYLE: Record<ScopeVerdict['status'], string> = {
  in: 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-100',
  out: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100',
  invalid: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
};

export function ScopeCheckList({ verdicts }: { verdicts: ScopeVerdict[] }) {
  const inScope = verdicts.filter((v) => v.status === 'in').length;
  const outside = verdicts.filter((v) => v.status === 'out').length;
  const invalid = verdicts.filter((v) => v.status === 'invalid').length;
  return (
    <div className="space-y-2">
      <p aria-live="polite" className="text-sm font-medium">
        {t('scans.scope.summary', { inScope, outside, invalid })}
      </p>
      <ul aria-label={t('scans.scope.listLabel')} className="max-h-72 space-y-1 overflow-y-auto text-sm">
        {verdicts.map((v) => (
          <li key={v.target} className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${STYLE[v.status]}`}>
              {t(`scans.scope.status.${v.status}`)}
            </span>
            <span className="break-all font-mono">{v.target}</span>
            <span className="text-slate-600 dark:text-slate-400">{explain(v)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
