import { t } from '../i18n';
import { SEVERITY_BADGE, type Severity } from './severity';

/** A severity as a coloured label; the text carries the meaning, the colour only repeats it. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${SEVERITY_BADGE[severity]}`}
    >
      {t(`severity.${severity}`)}
    </span>
  );
}
