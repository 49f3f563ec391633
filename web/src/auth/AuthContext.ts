import { createContext, useContext } from 'react';
import type { LoginRequest, Me } from '../api/types';
import type { Permission } from './permissions';

export interface AuthState {
  /** The signed-in user; null when signed out; undefined while the first check runs. */
  me: Me | null | undefined;
  loading: boolean;
  /** Why the session could not be checked (the server is down...): not the same as being signed out. */
  error: unknown;
  retry: () => void;
  signIn: (request: LoginRequest) => Promise<Me>;
  signOut: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth() needs an <AuthProvider> above it');
  return state;
}
