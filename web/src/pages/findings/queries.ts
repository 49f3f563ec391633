// TanStack Query hooks of the findings area. Keys: ['findings', 'list', query], ['findings', 'detail', id],
// ['findings', 'history', id], ['findings', 'comments', id], ['members'].
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import { api, type Query } from '../../api/client';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import type { Finding, FindingBulkRequest, FindingBulkResult, FindingChange, FindingComment, FindingHistoryEntry, Member } from './types';

export const PAGE_SIZE = 50;
/** The API takes at most 500 ids per bulk request. */
export const BULK_LIMIT = 500;
const MEMBER_PAGES = 10;

export const findingKeys = {
  all: ['findings'] as const,
  lists: ['findings', 'list'] as const,
  list: (query: Query) => ['findings', 'list', query] as const,
  detail: (id: string) => ['findings', 'detail', id] as const,
  history: (id: string) => ['findings', 'history', id] as const,
  comments: (id: string) => ['findings', 'comments', id] as const,
};

export function useFindingList(query: Query) {
  return useInfiniteQuery({
    queryKey: findingKeys.list(query),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Finding>>('/api/v1/findings', { query: { ...query, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // Changing a filter keeps the old rows on screen (marked as updating) instead of flashing an empty table.
    placeholderData: keepPreviousData,
  });
}

export function useFinding(id: string, initial?: Finding) {
  return useQuery({
    queryKey: findingKeys.detail(id),
    queryFn: ({ signal }) => api.get<Finding>(`/api/v1/findings/${encodeURIComponent(id)}`, { signal }),
    ...(initial ? { placeholderData: initial } : {}),
  });
}

function usePagedList<T>(key: readonly unknown[], path: string) {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => api.get<Page<T>>(path, { query: { limit: 100, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useFindingHistory(id: string) {
  return usePagedList<FindingHistoryEntry>(findingKeys.history(id), `/api/v1/findings/${encodeURIComponent(id)}/history`);
}

export function useFindingComments(id: string) {
  return usePagedList<FindingComment>(findingKeys.comments(id), `/api/v1/findings/${encodeURIComponent(id)}/comments`);
}

/** The organisation's members, for assignee choices and names; only asked for with users:read. */
export function useMembers() {
  const { can } = useAuth();
  const enabled = can('users:read');
  const query = useQuery({
    queryKey: ['members'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const members: Member[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MEMBER_PAGES; page += 1) {
        const answer = await api.get<Page<Member>>('/api/v1/users', { query: { limit: 200, cursor }, signal });
        members.push(...answer.items);
        if (!answer.next_cursor) break;
        cursor = answer.next_cursor;
      }
      return members;
    },
  });
  return { ...query, enabled };
}

/** Puts a changed finding into every loaded list page and its detail, so the row shows the change at once. */
export function storeFinding(queryClient: QueryClient, finding: Finding): void {
  queryClient.setQueryData(findingKeys.detail(finding.id), finding);
  queryClient.setQueriesData<InfiniteData<Page<Finding>>>({ queryKey: findingKeys.lists }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === finding.id ? finding : item)),
          })),
        }
      : data,
  );
  // The change may move the finding out of (or into) other filtered lists: refetch them when next shown, but
  // leave the rows on screen where they are while the analyst works through them.
  void queryClient.invalidateQueries({ queryKey: findingKeys.lists, refetchType: 'none' });
}

export function useUpdateFinding(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: FindingChange) => api.patch<Finding>(`/api/v1/findings/${encodeURIComponent(id)}`, change),
    onSuccess: (finding) => {
      storeFinding(queryClient, finding);
      void queryClient.invalidateQueries({ queryKey: findingKeys.history(id) });
    },
  });
}

export function useAddComment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => api.post<FindingComment>(`/api/v1/findings/${encodeURIComponent(id)}/comments`, { text }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: findingKeys.comments(id) }),
  });
}

/** Sends the change in requests of at most BULK_LIMIT ids and adds up the answers. */
export async function bulkUpdate(ids: string[], change: FindingChange): Promise<FindingBulkResult> {
  const total: FindingBulkResult = { updated: [], not_found: [], conflicts: [] };
  for (let i = 0; i < ids.length; i += BULK_LIMIT) {
    const body: FindingBulkRequest = { ids: ids.slice(i, i + BULK_LIMIT), ...change };
    const answer = await api.post<FindingBulkResult>('/api/v1/findings/bulk', body);
    total.updated.push(...answer.updated);
    total.not_found.push(...answer.not_found);
    total.conflicts.push(...answer.conflicts);
  }
  return total;
}

export function useBulkUpdate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, change }: { ids: string[]; change: FindingChange }) => bulkUpdate(ids, change),
    onSuccess: (result) => {
      for (const id of result.updated) {
        void queryClient.invalidateQueries({ queryKey: findingKeys.detail(id) });
        void queryClient.invalidateQueries({ queryKey: findingKeys.history(id) });
      }
      return queryClient.invalidateQueries({ queryKey: findingKeys.lists });
    },
  });
}
