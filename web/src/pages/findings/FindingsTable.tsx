import { useEffect, useRef, type MouseEvent } from 'react';
import { Link } from 'react-router-dom';
import type { Me } from '../../api/types';
import { SeverityBadge } from '../../components/SeverityBadge';
import { formatDate, formatRelative, t, type MessageKey } from '../../i18n';
import { personName } from './people';
import { StatusBadge, WarningTag } from './StatusBadge';
import type { Finding, FindingSort, Member } from './types';

type SortKey = 'severity' | 'first_seen' | 'last_seen' | 'sla_due_at';
/** The direction a column sorts in first: worst, newest or soonest on top. */
const FIRST_SORT: Record<SortKey, FindingSort> = {
  severity: '-severity',
  first_seen: '-first_seen',
  last_seen: '-last_seen',
  sla_due_at: 'sla_due_at',
};

export interface FindingsTableProps {
  findings: Finding[];
  sort: FindingSort;
  onSort: (sort: FindingSort) => void;
  canTriage: boolean;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  focusIndex: number | null;
  onFocusIndex: (index: number) => void;
  openId: string | null;
  onOpen: (id: string) => void;
  /** The detail panel is beside the table: fewer columns. */
  compact: boolean;
  members: Member[] | undefined;
  me: Me | null | undefined;
}

function SortHeader({ column, label, sort, onSort, className = '' }: { column: SortKey; label: MessageKey; sort: FindingSort; onSort: (s: FindingSort) => void; className?: string }) {
  const active = sort === column || sort === `-${column}`;
  const descending = sort.startsWith('-');
  const next: FindingSort = active ? ((descending ? column : `-${column}`) as FindingSort) : FIRST_SORT[column];
  return (
    <th scope="col" className={className} aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}>
      <button type="button" className="inline-flex items-center gap-1 uppercase hover:underline" onClick={() => onSort(next)}>
        {t(label)}
        <span aria-hidden="true">{active ? (descending ? '↓' : '↑') : ''}</span>
      </button>
    </th>
  );
}

function Seen({ at }: { at: string }) {
  return (
    <time dateTime={at} title={formatDate(at)} className="whitespace-nowrap">
      {formatRelative(at)}
    </time>
  );
}

function Sla({ finding }: { finding: Finding }) {
  if (!finding.sla_due_at) return <span className="text-slate-500 dark:text-slate-400">{t('findings.sla.none')}</span>;
  return (
    <span className="flex flex-col items-start gap-1">
      <time dateTime={finding.sla_due_at} title={formatDate(finding.sla_due_at)} className="whitespace-nowrap">
        {formatDate(finding.sla_due_at, { dateStyle: 'medium' })}
      </time>
      {finding.sla_breached && <WarningTag>{t('findings.sla.breached')}</WarningTag>}
    </span>
  );
}

/** The findings list: one row per finding, sortable columns, selection for triage, a roving row focus. */
export function FindingsTable(props: FindingsTableProps) {
  const { findings, sort, onSort, canTriage, selected, onToggle, onToggleAll, focusIndex, onFocusIndex, openId, onOpen, compact, members, me } = props;
  const body = useRef<HTMLTableSectionElement>(null);
  const allSelected = findings.length > 0 && findings.every((f) => selected.has(f.id));
  const someSelected = !allSelected && findings.some((f) => selected.has(f.id));
  const selectAll = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = someSelected;
  }, [someSelected]);

  useEffect(() => {
    if (focusIndex === null) return;
    const row = body.current?.querySelector<HTMLElement>(`tr[data-index="${focusIndex}"]`);
    if (row && !row.contains(document.activeElement)) row.focus();
  }, [focusIndex]);

  const openFromLink = (e: MouseEvent, id: string) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    onOpen(id);
  };
  const wide = compact ? 'hidden 2xl:table-cell' : 'hidden lg:table-cell';
  // At 1280 px (beside the navigation) the first/last-seen columns do not fit: they appear from 1536 px on. With the
  // detail panel open, the SLA column (also shown in the panel) gives way too.
  const widest = compact ? 'hidden' : 'hidden 2xl:table-cell';
  const sla = compact ? 'hidden 2xl:table-cell' : '';

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="data-table">
        <caption className="sr-only">{t('findings.table.caption')}</caption>
        <thead className="bg-slate-50 dark:bg-slate-900">
          <tr>
            {canTriage && (
              <th scope="col" className="w-8">
                <input
                  ref={selectAll}
                  type="checkbox"
                  className="h-4 w-4"
                  checked={allSelected}
                  onChange={onToggleAll}
                  aria-label={t('findings.table.selectAll')}
                />
              </th>
            )}
            <SortHeader column="severity" label="findings.col.severity" sort={sort} onSort={onSort} />
            <th scope="col">{t('findings.col.title')}</th>
            <th scope="col" className={wide}>{t('findings.col.target')}</th>
            <th scope="col">{t('findings.col.status')}</th>
            <th scope="col" className={wide}>{t('findings.col.assignee')}</th>
            <SortHeader column="sla_due_at" label="findings.col.sla" sort={sort} onSort={onSort} className={sla} />
            <SortHeader column="first_seen" label="findings.col.firstSeen" sort={sort} onSort={onSort} className={widest} />
            <SortHeader column="last_seen" label="findings.col.lastSeen" sort={sort} onSort={onSort} className={widest} />
          </tr>
        </thead>
        <tbody ref={body}>
          {findings.map((f, index) => {
            const focused = index === (focusIndex ?? 0);
            const open = f.id === openId;
            return (
              <tr
                key={f.id}
                data-index={index}
                tabIndex={focused ? 0 : -1}
                aria-selected={canTriage ? selected.has(f.id) : undefined}
                aria-current={open ? 'true' : undefined}
                onFocus={() => onFocusIndex(index)}
                onClick={() => onOpen(f.id)}
                className={`cursor-pointer hover:bg-slate-50 focus-visible:ring-inset dark:hover:bg-slate-800/60 ${
                  open ? 'bg-slate-100 dark:bg-slate-800 [&>td:first-child]:border-l-4 [&>td:first-child]:border-l-brand-600' : ''
                }`}
              >
                {canTriage && (
                  <td onClick={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      className="h-4 w-4"
                      checked={selected.has(f.id)}
                      onChange={() => onToggle(f.id)}
                      aria-label={t('findings.table.select', { title: f.title })}
                    />
                  </td>
                )}
                <td>
                  <SeverityBadge severity={f.severity} />
                </td>
                <td className="min-w-[12rem]">
                  <Link
                    to={`/findings/${encodeURIComponent(f.id)}`}
                    onClick={(e) => openFromLink(e, f.id)}
                    className="font-medium text-slate-900 hover:underline dark:text-slate-50"
                  >
                    {f.title}
                  </Link>
                  <div className="mt-0.5 flex flex-wrap items-center gap-2 font-mono text-xs text-slate-600 dark:text-slate-400">
                    <span className="break-all">{f.check}</span>
                    {f.regression && <WarningTag>{t('findings.regression')}</WarningTag>}
                  </div>
                </td>
                <td className={`${wide} max-w-[16rem]`}>
                  <div className="truncate" title={f.target}>{f.target || '—'}</div>
                  {f.location && f.location !== f.target && (
                    <div className="truncate text-xs text-slate-600 dark:text-slate-400" title={f.location}>
                      {f.location}
                    </div>
                  )}
                </td>
                <td>
                  <StatusBadge status={f.status} />
                </td>
                <td className={`${wide} whitespace-nowrap`}>{personName(f.assignee_id, members, me)}</td>
                <td className={sla}>
                  <Sla finding={f} />
                </td>
                <td className={widest}>
                  <Seen at={f.first_seen} />
                </td>
                <td className={widest}>
                  <Seen at={f.last_seen} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
