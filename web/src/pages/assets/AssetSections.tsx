// The scan-found parts of an asset: open services, TLS certificates, technologies.
import { formatDate, formatNumber, formatRelative, t } from '../../i18n';
import type { AssetCertificate, AssetService, AssetTechnology } from './types';

const SOON_MS = 30 * 24 * 3600 * 1000;

export function AssetServices({ services }: { services: AssetService[] }) {
  if (services.length === 0) return <p className="text-sm text-slate-700 dark:text-slate-300">{t('assets.detail.noServices')}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="data-table">
        <caption className="sr-only">{t('assets.detail.services')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('assets.service.address')}</th>
            <th scope="col">{t('assets.service.port')}</th>
            <th scope="col">{t('assets.service.service')}</th>
            <th scope="col">{t('assets.service.product')}</th>
            <th scope="col">{t('assets.service.tls')}</th>
            <th scope="col">{t('assets.service.lastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s, i) => (
            <tr key={`${s.address}-${s.port}-${s.proto}-${i}`}>
              <td className="font-mono text-xs">{s.address}</td>
              <td className="tabular-nums">
                {s.port !== undefined ? formatNumber(s.port, { useGrouping: false }) : ''}
                {s.proto && <span className="text-slate-600 dark:text-slate-400">/{s.proto}</span>}
              </td>
              <td>{s.service || t('assets.unknown')}</td>
              <td>{[s.product, s.version].filter(Boolean).join(' ') || t('assets.unknown')}</td>
              <td>{s.tls ? t('assets.yes') : t('assets.no')}</td>
              <td>
                {s.last_seen ? (
                  <time dateTime={s.last_seen} title={formatDate(s.last_seen)}>
                    {formatRelative(s.last_seen)}
                  </time>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function expiry(notAfter: string | undefined, now: number): 'expired' | 'soon' | 'valid' | 'unknown' {
  const time = notAfter ? Date.parse(notAfter) : Number.NaN;
  if (Number.isNaN(time)) return 'unknown';
  if (time < now) return 'expired';
  if (time - now < SOON_MS) return 'soon';
  return 'valid';
}

const EXPIRY_STYLE = {
  expired: 'font-semibold text-red-800 dark:text-red-300',
  soon: 'font-semibold text-amber-800 dark:text-amber-300',
  valid: '',
  unknown: '',
} as const;

export function Certificates({ certificates, now = Date.now() }: { certificates: AssetCertificate[]; now?: number }) {
  if (certificates.length === 0) {
    return <p className="text-sm text-slate-700 dark:text-slate-300">{t('assets.detail.noCertificates')}</p>;
  }
  return (
    <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
      {certificates.map((c, i) => {
        const state = expiry(c.not_after, now);
        return (
          <li key={`${c.location}-${i}`} className="space-y-0.5 py-2">
            <p className="break-all font-medium">{c.subject || t('assets.unknown')}</p>
            <p className="break-all text-xs text-slate-600 dark:text-slate-400">
              {t('assets.certificate.at', { location: c.location ?? '' })}
            </p>
            <p className="break-all text-xs text-slate-600 dark:text-slate-400">
              {t('assets.certificate.issuer', { issuer: c.issuer || t('assets.unknown') })}
            </p>
            {c.not_after && (
              <p className={`text-xs ${EXPIRY_STYLE[state]}`}>
                {t(`assets.certificate.${state === 'unknown' ? 'valid' : state}`, {
                  date: formatDate(c.not_after, { dateStyle: 'medium' }) || c.not_after,
                })}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function Technologies({ technologies }: { technologies: AssetTechnology[] }) {
  if (technologies.length === 0) {
    return <p className="text-sm text-slate-700 dark:text-slate-300">{t('assets.detail.noTechnologies')}</p>;
  }
  return (
    <ul className="flex flex-wrap gap-2 text-sm">
      {technologies.map((tech, i) => (
        <li key={`${tech.name}-${tech.version}-${i}`} className="rounded bg-slate-100 px-2 py-0.5 dark:bg-slate-800">
          {[tech.name, tech.version].filter(Boolean).join(' ')}
        </li>
      ))}
    </ul>
  );
}
