// Cursor-paged lists of the API ({items, next_cursor}) as one growing list with "Load more".
import { useMemo } from 'react';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { api, type Query } from '../../../api/client';
import type { Page } from '../../../api/types';

export const PAGE_SIZE = 50;

export function useCursorList<T, P extends Page<T> = Page<T>>(
  queryKey: QueryKey,
  path: string,
  { query = {}, enabled = true, limit = PAGE_SIZE }: { query?: Query; enabled?: boolean; limit?: number } = {},
) {
  const result = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      api.get<P>(path, { query: { ...query, limit, cursor: pageParam ?? undefined }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
  const items = useMemo(() => result.data?.pages.flatMap((p) => p.items) ?? [], [result.data]);
  return { ...result, items, firstPage: result.data?.pages[0] };
}
