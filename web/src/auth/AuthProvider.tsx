import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api as defaultApi, type ApiClient } from '../api/client';
import { isApiError } from '../api/problem';
import type { LoginRequest, Me } from '../api/types';
import { closeLiveSocket } from '../live/socket';
import { AuthContext, type AuthState } from './AuthContext';
import { hasPermission, type Permission } from './permissions';

export const ME_QUERY_KEY = ['me'] as const;

async function fetchMe(client: ApiClient): Promise<Me | null> {
  try {
    return await client.get<Me>('/api/v1/me');
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function AuthProvider({ children, client = defaultApi }: { children: ReactNode; client?: ApiClient }) {
  const queryClient = useQueryClient();
  const meQuery = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: () => fetchMe(client),
    staleTime: 5 * 60_000,
    retry: (failures, error) => failures < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
  });

  useEffect(() => {
    // The refresh failed: drop everything cached for this session and go back to sign-in.
    client.setSessionExpiredHandler(() => {
      closeLiveSocket();
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
      queryClient.setQueryData(ME_QUERY_KEY, null);
    });
    return () => client.setSessionExpiredHandler(undefined);
  }, [client, queryClient]);

  const signIn = useCallback(
    async (request: LoginRequest) => {
      // The answer also carries the token pair for API clients; the browser keeps only the HttpOnly cookies.
      await client.post('/api/v1/auth/login', request);
      const me = await client.get<Me>('/api/v1/me');
      queryClient.setQueryData(ME_QUERY_KEY, me);
      return me;
    },
    [client, queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await client.post('/api/v1/auth/logout', {});
    } catch {
      // The cookies are cleared below either way; the session ends when its tokens expire.
    }
    closeLiveSocket();
    // Not clear(): that would also drop the ['me'] query this provider observes, and the null below would land on a
    // new query nobody watches, leaving the signed-out user on the page they were on.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
    queryClient.setQueryData(ME_QUERY_KEY, null);
  }, [client, queryClient]);

  const me = meQuery.data;
  const can = useCallback((permission: Permission) => hasPermission(me, permission), [me]);

  const { refetch } = meQuery;
  const retry = useCallback(() => void refetch(), [refetch]);
  const error = me === undefined ? meQuery.error : null;
  const value = useMemo<AuthState>(
    () => ({ me, loading: meQuery.isPending && !meQuery.isError, error, retry, signIn, signOut, can }),
    [me, meQuery.isPending, meQuery.isError, error, retry, signIn, signOut, can],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
