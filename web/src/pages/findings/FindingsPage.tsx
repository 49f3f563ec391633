import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { t } from '../../i18n';
import type { LiveFrame } from '../../live/socket';
import { useTopic } from '../../live/useTopic';
import { BulkBar } from './BulkBar';
import { BulkResultNotice } from './BulkResultNotice';
import { ExportMenu } from './ExportMenu';
import { FilterBar } from './FilterBar';
import { FindingDetail } from './FindingDetail';
import { FindingsTable } from './FindingsTable';
import { filtersToApiQuery, filtersToSearchParams, hasAnyFilter, parseFilters, type FindingFilters } from './filters';
import { findingKeys, useFindingList, useMembers } from './queries';
import { savedViewsKey } from './savedViews';
import { SavedViewsBar } from './SavedViewsBar';
import { ShortcutsDialog } from './ShortcutsDialog';
import type { FindingBulkResult } from './types';
import { useListKeyboard } from './useListKeyboard';

const ENDED_SCAN_STATES = new Set(['done', 'failed', 'cancelled']);

/** /findings: the filtered, sortable list with a detail panel, keyboard navigation, saved views and bulk triage. */
export function FindingsPage() {
  const { me, can } = useAuth();
  const canTriage = can('findings:triage');
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const filters = useMemo(() => parseFilters(new URLSearchParams(search)), [search]);
  const apiQuery = useMemo(() => filtersToApiQuery(filters), [filters]);
  const currentQuery = useMemo(() => filtersToSearchParams(filters).toString(), [filters]);
  const list = useFindingList(apiQuery);
  const members = useMembers();
  const findings = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [helpOpen, setHelpOpen] = useState(false);
  const [bulkResult, setBulkResult] = useState<FindingBulkResult | null>(null);
  const [shownQuery, setShownQuery] = useState(currentQuery);
  const searchRef = useRef<HTMLInputElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const focusPanel = useRef(false);

  // Another filter set is another list: the row focus and the selection belonged to the old one.
  if (shownQuery !== currentQuery) {
    setShownQuery(currentQuery);
    setFocusIndex(null);
    setSelected(new Set());
    setBulkResult(null);
  }

  const setFilters = (next: FindingFilters, options?: { replace?: boolean }) =>
    setSearchParams(filtersToSearchParams(next), { replace: options?.replace ?? false });

  // Findings of a scan are stored when it ends: a list filtered by a running scan refreshes then.
  useTopic(filters.text.scan_id ? `scan:${filters.text.scan_id}` : null, (frame: LiveFrame) => {
    const state = (frame.data as { state?: unknown } | null)?.state;
    if (frame.type === 'state' && typeof state === 'string' && ENDED_SCAN_STATES.has(state)) {
      void queryClient.invalidateQueries({ queryKey: findingKeys.lists });
    }
  });

  const open = useCallback((id: string, moveFocus: boolean) => {
    focusPanel.current = moveFocus;
    setOpenId(id);
  }, []);

  const closePanel = useCallback(() => {
    setOpenId(null);
    const row = document.querySelector<HTMLElement>(`tr[data-index="${focusIndex ?? 0}"]`);
    row?.focus();
  }, [focusIndex]);

  useEffect(() => {
    if (openId && focusPanel.current) {
      focusPanel.current = false;
      panelRef.current?.focus();
    }
  }, [openId]);

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () =>
    setSelected((prev) => (findings.length > 0 && findings.every((f) => prev.has(f.id)) ? new Set() : new Set(findings.map((f) => f.id))));

  useListKeyboard({
    move: (delta) => {
      if (findings.length === 0) return false;
      const from = focusIndex ?? -1;
      const next = Math.min(Math.max(from + delta, 0), findings.length - 1);
      if (delta === 1 && from === findings.length - 1 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
      setFocusIndex(next);
      // With the panel open, it follows the focus: j/k walks through the details.
      const finding = findings[next];
      if (openId && finding) open(finding.id, false);
      return true;
    },
    open: () => {
      const finding = findings[focusIndex ?? 0];
      if (finding) {
        setFocusIndex(focusIndex ?? 0);
        open(finding.id, true);
      }
    },
    toggle: () => {
      const finding = findings[focusIndex ?? 0];
      if (canTriage && finding) toggle(finding.id);
    },
    close: () => {
      if (!openId) return false;
      closePanel();
      return true;
    },
    search: () => searchRef.current?.focus(),
    help: () => setHelpOpen(true),
  });

  const onBulkDone = (result: FindingBulkResult) => {
    setBulkResult(result);
    const updated = new Set(result.updated);
    setSelected((prev) => new Set([...prev].filter((id) => !updated.has(id))));
  };

  const storageKey = me ? savedViewsKey(me.id, me.organization.id) : null;
  const filtered = hasAnyFilter(filters);
  const updating = list.isPlaceholderData || (list.isFetching && !list.isFetchingNextPage && !list.isPending);

  let content;
  if (list.isPending) {
    content = (
      <p role="status" className="py-8 text-center text-sm text-slate-600 dark:text-slate-400">
        {t('findings.loading')}
      </p>
    );
  } else if (list.isError && findings.length === 0) {
    content = <ErrorNotice title={t('findings.loadFailed')} error={list.error} onRetry={() => void list.refetch()} />;
  } else if (findings.length === 0) {
    content = filtered ? (
      <EmptyState title={t('findings.empty.filteredTitle')}>
        <p>{t('findings.empty.filteredBody')}</p>
        <Link to="/findings" className="btn-secondary mt-3">
          {t('findings.filter.clear')}
        </Link>
      </EmptyState>
    ) : (
      <EmptyState title={t('findings.empty.title')}>
        <p>{t('findings.empty.body')}</p>
        {can('scans:run') && (
          <Link to="/scans/new" className="btn-primary mt-3">
            {t('findings.empty.startScan')}
          </Link>
        )}
      </EmptyState>
    );
  } else {
    content = (
      <>
        <FindingsTable
          findings={findings}
          sort={filters.sort}
          onSort={(sort) => setFilters({ ...filters, sort })}
          canTriage={canTriage}
          selected={selected}
          onToggle={toggle}
          onToggleAll={toggleAll}
          focusIndex={focusIndex}
          onFocusIndex={setFocusIndex}
          openId={openId}
          onOpen={(id) => {
            setFocusIndex(findings.findIndex((f) => f.id === id));
            open(id, true);
          }}
          compact={openId !== null}
          members={members.data}
          me={me}
        />
        {list.isError && <ErrorNotice title={t('findings.loadMoreFailed')} error={list.error} onRetry={() => void list.fetchNextPage()} />}
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">
            {list.hasNextPage
              ? t('findings.shownMore', { count: findings.length })
              : t('findings.shownAll', { count: findings.length })}
          </p>
          {list.hasNextPage && (
            <button type="button" className="btn-secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {list.isFetchingNextPage ? t('list.loadingMore') : t('list.loadMore')}
            </button>
          )}
        </div>
      </>
    );
  }

  const openFinding = openId ? findings.find((f) => f.id === openId) : undefined;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="page-title">{t('findings.title')}</h1>
        <div className="flex items-center gap-2">
          <ExportMenu query={apiQuery} />
          <button type="button" className="btn-ghost" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
            {t('findings.keys.button')}
          </button>
        </div>
      </div>

      <SavedViewsBar storageKey={storageKey} currentQuery={currentQuery} />
      <FilterBar filters={filters} onChange={setFilters} searchRef={searchRef} members={members.data} me={me} />

      {canTriage && selected.size > 0 && (
        <BulkBar ids={[...selected]} members={members.data} me={me} onClear={() => setSelected(new Set())} onDone={onBulkDone} />
      )}
      {bulkResult && <BulkResultNotice result={bulkResult} onDismiss={() => setBulkResult(null)} />}

      <p aria-live="polite" className="min-h-4 text-xs text-slate-600 dark:text-slate-400">
        {updating ? t('findings.updating') : ''}
      </p>

      <div className="flex items-start gap-4">
        <div className={`min-w-0 flex-1 space-y-3 ${updating ? 'opacity-70' : ''}`}>{content}</div>
        {openId && (
          <aside
            ref={panelRef}
            tabIndex={-1}
            aria-label={t('findings.detail.panelLabel')}
            className="fixed inset-y-0 right-0 z-40 w-full max-w-xl overflow-y-auto border-l border-slate-200 bg-white p-5 shadow-2xl dark:border-slate-800 dark:bg-slate-900 xl:sticky xl:top-4 xl:z-auto xl:max-h-[calc(100vh-2rem)] xl:w-[28rem] xl:max-w-none xl:shrink-0 xl:rounded-lg xl:border xl:shadow-none 2xl:w-[34rem]"
          >
            <FindingDetail key={openId} id={openId} initial={openFinding} variant="panel" onClose={closePanel} />
          </aside>
        )}
      </div>

      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} canTriage={canTriage} />
    </div>
  );
}
