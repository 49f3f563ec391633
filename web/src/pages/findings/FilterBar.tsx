import { useId, useState, type Ref } from 'react';
import type { Me } from '../../api/types';
import { SelectField } from '../../components/SelectField';
import { FINDING_STATUSES, SEVERITIES } from '../../components/severity';
import { TextField } from '../../components/TextField';
import { t, type MessageKey } from '../../i18n';
import { DebouncedTextField } from './DebouncedTextField';
import { dateToUtc, EMPTY_FILTERS, hasAnyFilter, utcToDate, type FindingFilters, type TextFilter } from './filters';
import { personName } from './people';
import type { Member } from './types';

export interface FilterBarProps {
  filters: FindingFilters;
  /** replace: true for typing (no history entry per word). */
  onChange: (next: FindingFilters, options?: { replace?: boolean }) => void;
  searchRef: Ref<HTMLInputElement>;
  members: Member[] | undefined;
  me: Me | null | undefined;
}

const MORE_TEXT: Array<{ name: TextFilter; label: MessageKey; hint?: MessageKey }> = [
  { name: 'check', label: 'findings.filter.check', hint: 'findings.filter.checkHint' },
  { name: 'target', label: 'findings.filter.target', hint: 'findings.filter.targetHint' },
  { name: 'asset_id', label: 'findings.filter.assetId' },
  { name: 'scan_id', label: 'findings.filter.scanId' },
];
const DATE_FILTERS: Array<{ name: TextFilter; label: MessageKey }> = [
  { name: 'first_seen_from', label: 'findings.filter.firstSeenFrom' },
  { name: 'first_seen_to', label: 'findings.filter.firstSeenTo' },
  { name: 'last_seen_from', label: 'findings.filter.lastSeenFrom' },
  { name: 'last_seen_to', label: 'findings.filter.lastSeenTo' },
];
const MORE_NAMES = [...MORE_TEXT, ...DATE_FILTERS].map((f) => f.name);

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

function Chip({ pressed, onClick, children }: { pressed: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={`rounded-full border px-3 py-1 text-xs font-medium ${
        pressed
          ? 'border-brand-600 bg-brand-600 text-white dark:border-brand-500 dark:bg-brand-600'
          : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700'
      }`}
    >
      {children}
    </button>
  );
}

/** The filters of the findings list; every change goes to the URL (see filters.ts). */
export function FilterBar({ filters, onChange, searchRef, members, me }: FilterBarProps) {
  const moreActive = MORE_NAMES.filter((n) => filters.text[n]).length;
  const [showMore, setShowMore] = useState(moreActive > 0);
  const moreId = useId();
  const setText = (name: TextFilter, value: string, replace = true) =>
    onChange({ ...filters, text: { ...filters.text, [name]: value || undefined } }, { replace });

  const assignee = filters.text.assignee ?? '';
  const assigneeOptions = [
    { value: '', label: t('findings.filter.assigneeAny') },
    { value: 'me', label: t('findings.filter.assigneeMe') },
    ...(members ?? []).map((m) => ({ value: m.id, label: m.display_name || m.email })),
  ];
  if (assignee && !assigneeOptions.some((o) => o.value === assignee)) {
    assigneeOptions.push({ value: assignee, label: personName(assignee, members, me) });
  }
  const activeOnly = filters.status.length === 2 && filters.status.includes('open') && filters.status.includes('triaged');

  return (
    <section aria-label={t('findings.filter.label')} className="card space-y-3">
      {/* Beside the navigation a 768 px screen leaves ~500 px: the search gets its own row until lg. */}
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2 lg:grid-cols-[minmax(0,1fr)_12rem_12rem]">
        <div className="md:col-span-2 lg:col-span-1">
          <DebouncedTextField
            ref={searchRef}
            type="search"
            label={t('findings.filter.search')}
            placeholder={t('findings.filter.searchPlaceholder')}
            value={filters.text.q ?? ''}
            maxLength={200}
            onCommit={(v) => setText('q', v)}
          />
        </div>
        <SelectField
          label={t('findings.filter.assignee')}
          value={assignee}
          options={assigneeOptions}
          onChange={(v) => setText('assignee', v, false)}
        />
        <SelectField
          label={t('findings.filter.sla')}
          value={filters.sla_breached ?? ''}
          options={[
            { value: '', label: t('findings.filter.slaAny') },
            { value: 'true', label: t('findings.filter.slaBreached') },
            { value: 'false', label: t('findings.filter.slaNotBreached') },
          ]}
          onChange={(v) => onChange({ ...filters, sla_breached: v === '' ? null : v })}
        />
      </div>

      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <div role="group" aria-label={t('findings.filter.severity')} className="flex flex-wrap items-center gap-1.5">
          <span className="mr-1 text-sm font-medium text-slate-700 dark:text-slate-200" aria-hidden="true">
            {t('findings.filter.severity')}
          </span>
          <Chip pressed={filters.severity.length === 0} onClick={() => onChange({ ...filters, severity: [] })}>
            {t('findings.filter.allSeverities')}
          </Chip>
          {SEVERITIES.map((s) => (
            <Chip key={s} pressed={filters.severity.includes(s)} onClick={() => onChange({ ...filters, severity: toggle(filters.severity, s) })}>
              {t(`severity.${s}`)}
            </Chip>
          ))}
        </div>
        <div role="group" aria-label={t('findings.filter.status')} className="flex flex-wrap items-center gap-1.5">
          <span className="mr-1 text-sm font-medium text-slate-700 dark:text-slate-200" aria-hidden="true">
            {t('findings.filter.status')}
          </span>
          <Chip pressed={filters.status.length === 0} onClick={() => onChange({ ...filters, status: [] })}>
            {t('findings.filter.allStatuses')}
          </Chip>
          <Chip pressed={activeOnly} onClick={() => onChange({ ...filters, status: activeOnly ? [] : ['open', 'triaged'] })}>
            {t('findings.filter.activeOnly')}
          </Chip>
          {FINDING_STATUSES.map((s) => (
            <Chip key={s} pressed={filters.status.includes(s)} onClick={() => onChange({ ...filters, status: toggle(filters.status, s) })}>
              {t(`findingStatus.${s}`)}
            </Chip>
          ))}
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="btn-ghost" aria-expanded={showMore} aria-controls={moreId} onClick={() => setShowMore(!showMore)}>
          {moreActive > 0 ? t('findings.filter.moreActive', { count: moreActive }) : t('findings.filter.more')}
        </button>
        {hasAnyFilter(filters) && (
          <button type="button" className="btn-ghost" onClick={() => onChange({ ...EMPTY_FILTERS, sort: filters.sort })}>
            {t('findings.filter.clear')}
          </button>
        )}
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {filters.status.length === 0 ? t('findings.filter.statusAllNote') : null}
        </p>
      </div>

      {showMore && (
        <div id={moreId} className="grid grid-cols-1 gap-3 border-t border-slate-200 pt-3 dark:border-slate-800 md:grid-cols-2 xl:grid-cols-4">
          {MORE_TEXT.map((f) => (
            <DebouncedTextField
              key={f.name}
              label={t(f.label)}
              placeholder={f.hint ? t(f.hint) : undefined}
              value={filters.text[f.name] ?? ''}
              maxLength={f.name === 'target' ? 500 : 200}
              onCommit={(v) => setText(f.name, v)}
            />
          ))}
          {DATE_FILTERS.map((f) => (
            <TextField
              key={f.name}
              type="date"
              label={t(f.label)}
              value={utcToDate(filters.text[f.name])}
              onChange={(v) => setText(f.name, dateToUtc(v), false)}
            />
          ))}
        </div>
      )}
    </section>
  );
}
